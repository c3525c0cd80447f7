package upload

import (
	"slices"
	"strings"

	"github.com/threshold-ic/threshold/assets/wire"
)

// The security headers of "security_policy" (dfx's SecurityPolicy):
// "standard" adds the headers below; "hardened" adds the same headers but
// says the developer has reviewed them and set at least the ones that need
// to be specific to the site (the Content-Security-Policy first), which
// the rules' own headers do, since they override the policy's; "disabled"
// adds none. The values are ours, chosen for a single-page application
// served by an asset canister that talks to the Internet Computer from the
// browser.

// standardCSP is the Content-Security-Policy of the standard policy. Each
// directive, and why:
//
//   - default-src 'self': anything not named below loads only from the
//     canister's own origin.
//   - script-src 'self' 'wasm-unsafe-eval': scripts only from the canister
//     (no inline scripts, no eval: the main defence against injected
//     markup); 'wasm-unsafe-eval' lets the page compile WebAssembly, which
//     agent libraries use for certificate (BLS) verification, without
//     allowing JavaScript eval.
//   - connect-src: the page's agent calls the IC's HTTP API: on the same
//     origin through a Threshold edge ('self'), on the IC's API hosts
//     (icp-api.io, icp0.io, ic0.app), or on a local replica during
//     development (http://localhost:*, http://127.0.0.1:*).
//   - img-src 'self' data: blob: https: and media-src 'self' data: blob:
//     https: images and media from the canister, inline data and object
//     URLs, or any HTTPS host (images cannot run code).
//   - style-src 'self' 'unsafe-inline' https: and font-src 'self' data:
//     https: frameworks set inline styles and sites load web fonts from
//     font hosts; styles cannot run scripts under this policy.
//   - object-src 'none': no plugins (Flash, Java): a classic script
//     injection path with no use on a modern page.
//   - base-uri 'self': an injected <base> cannot redirect the page's
//     relative script URLs to another host.
//   - frame-ancestors 'none': the page cannot be framed (clickjacking); it
//     supersedes X-Frame-Options in browsers that know it.
//   - form-action 'self': forms post only to the canister.
//
// Not included: upgrade-insecure-requests, which would break plain-HTTP
// local development (the gateways serve HTTPS and HSTS covers the rest).
const standardCSP = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"connect-src 'self' https://icp-api.io https://icp0.io https://*.icp0.io https://ic0.app https://*.ic0.app http://localhost:* http://127.0.0.1:*; " +
	"img-src 'self' data: blob: https:; " +
	"media-src 'self' data: blob: https:; " +
	"style-src 'self' 'unsafe-inline' https:; " +
	"font-src 'self' data: https:; " +
	"object-src 'none'; " +
	"base-uri 'self'; " +
	"frame-ancestors 'none'; " +
	"form-action 'self'"

// standardPermissions is the Permissions-Policy: powerful browser features
// a typical dapp never uses are switched off for the page and any frame it
// embeds, so that injected or third-party code cannot use them. Kept on
// for the page itself: fullscreen (video, games), WebAuthn
// (publickey-credentials-get/create: passkey sign-in such as Internet
// Identity's) and clipboard writes (copy buttons for principals and
// addresses).
const standardPermissions = "accelerometer=(), ambient-light-sensor=(), autoplay=(), battery=(), " +
	"camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), geolocation=(), " +
	"gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), " +
	"payment=(), picture-in-picture=(), publickey-credentials-create=(self), " +
	"publickey-credentials-get=(self), screen-wake-lock=(), serial=(), sync-xhr=(), usb=(), " +
	"xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(self)"

// standardHeaders are the standard policy's headers, in name order.
var standardHeaders = []wire.HeaderField{
	{Name: "Content-Security-Policy", Value: standardCSP},
	{Name: "Permissions-Policy", Value: standardPermissions},
	// Links to other sites carry no path or query: canister URLs can hold
	// identifiers a user would not want to leak; same-origin navigation
	// keeps the full referrer for the app's own analytics and routing.
	{Name: "Referrer-Policy", Value: "same-origin"},
	// HTTPS for a year for this host once seen. Without includeSubDomains:
	// on a custom domain's apex that would force HTTPS on every other
	// subdomain of the owner's, which is theirs to decide (hardened).
	{Name: "Strict-Transport-Security", Value: "max-age=31536000"},
	// Browsers must trust the Content-Type: a user upload served as text
	// cannot be sniffed into HTML or script.
	{Name: "X-Content-Type-Options", Value: "nosniff"},
	// Clickjacking protection for browsers that do not know the CSP's
	// frame-ancestors.
	{Name: "X-Frame-Options", Value: "DENY"},
}

// policyHeaders returns the headers a security policy adds.
func policyHeaders(policy string) []wire.HeaderField {
	switch policy {
	case policyStandard, policyHardened:
		return standardHeaders
	}
	return nil
}

// policyWarning says what to tell about an HTML asset's security policy,
// as dfx does: no policy, or the standard one, unless the warning is
// disabled; hardened without a Content-Security-Policy of the developer's
// own, always (dfx: hardened without any header of one's own).
// "" when nothing.
func (s *settings) policyWarning() string {
	switch {
	case s.securityPolicy == policyHardened && !slices.ContainsFunc(s.headers, isCSP):
		return `security_policy "hardened" without a Content-Security-Policy of its own: set one specific to the site`
	case s.disablePolicyWarning:
		return ""
	case s.securityPolicy == "":
		return `no security_policy: add "security_policy": "standard" (or "hardened" with headers of your own) to a rule, or "disable_security_policy_warning": true`
	case s.securityPolicy == policyStandard:
		return `security_policy "standard": review its headers and set "hardened" with headers specific to the site, or "disable_security_policy_warning": true`
	}
	return ""
}

func isCSP(h wire.HeaderField) bool { return strings.EqualFold(h.Name, "Content-Security-Policy") }

// isHTML reports whether a content type is a web page (the assets the
// security policy warnings are about).
func isHTML(contentType string) bool {
	t, _, _ := strings.Cut(contentType, ";")
	return t == "text/html" || t == "application/xhtml+xml"
}
