package wire

import (
	"strconv"

	"github.com/threshold-ic/threshold/replica/api/candid"
)

// The converters of permissions, the install argument and the SNS
// validation answer.

// permissionNames are the Candid names of the Permission cases.
var permissionNames = [...]string{
	PermissionCommit:            "Commit",
	PermissionManagePermissions: "ManagePermissions",
	PermissionPrepare:           "Prepare",
}

// String returns the Candid name of the permission.
func (p Permission) String() string {
	if p > 0 && int(p) < len(permissionNames) {
		return permissionNames[p]
	}
	return "Permission(" + strconv.Itoa(int(p)) + ")"
}

// permission is variant { Commit; ManagePermissions; Prepare }: cases
// without a value are of type null.
var permission = conv[Permission]{
	typ: candid.Variant(
		candid.NamedField("Commit", candid.Null),
		candid.NamedField("ManagePermissions", candid.Null),
		candid.NamedField("Prepare", candid.Null),
	),
	enc: func(p *Permission) (candid.Value, error) {
		if *p == 0 || int(*p) >= len(permissionNames) {
			return candid.Value{}, valuef("unknown permission %d", *p)
		}
		return candid.VariantValue(candid.NamedValue(permissionNames[*p], candid.NullValue())), nil
	},
	dec: func(v candid.Value, p *Permission) error {
		fs := v.Fields()
		if v.Kind() != candid.KindVariant || len(fs) != 1 {
			return valuef("a %s is not a variant", v.Kind())
		}
		for q := PermissionCommit; int(q) < len(permissionNames); q++ {
			if candid.Hash(permissionNames[q]) == fs[0].ID {
				*p = q
				return nil
			}
		}
		return valuef("permission case %d is unknown", fs[0].ID)
	},
}

var grantPermission = record(
	fieldOf("to_principal", principalID, func(g *GrantPermission) *[]byte { return &g.ToPrincipal }),
	fieldOf("permission", permission, func(g *GrantPermission) *Permission { return &g.Permission }),
)

var revokePermission = record(
	fieldOf("of_principal", principalID, func(r *RevokePermission) *[]byte { return &r.OfPrincipal }),
	fieldOf("permission", permission, func(r *RevokePermission) *Permission { return &r.Permission }),
)

var listPermitted = record(
	fieldOf("permission", permission, func(l *ListPermitted) *Permission { return &l.Permission }),
)

var principals = vec(principalID)

var setPermissions = record(
	fieldOf("prepare", principals, func(s *SetPermissions) *[][]byte { return &s.Prepare }),
	fieldOf("commit", principals, func(s *SetPermissions) *[][]byte { return &s.Commit }),
	fieldOf("manage_permissions", principals, func(s *SetPermissions) *[][]byte { return &s.ManagePermissions }),
)

var initArgs = record(
	fieldOf("set_permissions", opt(setPermissions), func(a *InitArgs) **SetPermissions { return &a.SetPermissions }),
)

var upgradeArgs = record(
	fieldOf("set_permissions", opt(setPermissions), func(a *UpgradeArgs) **SetPermissions { return &a.SetPermissions }),
)

// canisterArgs is the install argument, opt AssetCanisterArgs.
var canisterArgs = opt(variant(
	altOf("Init", initArgs, func(a *CanisterArgs) **InitArgs { return &a.Init }),
	altOf("Upgrade", upgradeArgs, func(a *CanisterArgs) **UpgradeArgs { return &a.Upgrade }),
))

// validationResult is variant { Ok : text; Err : text }.
var validationResult = conv[ValidationResult]{
	typ: candid.Variant(candid.NamedField("Ok", candid.Text), candid.NamedField("Err", candid.Text)),
	enc: func(r *ValidationResult) (candid.Value, error) {
		name := "Err"
		if r.OK {
			name = "Ok"
		}
		return candid.VariantValue(candid.NamedValue(name, candid.TextValue(r.Msg))), nil
	},
	dec: func(v candid.Value, r *ValidationResult) error {
		fs := v.Fields()
		if v.Kind() != candid.KindVariant || len(fs) != 1 {
			return valuef("a %s is not a variant", v.Kind())
		}
		switch fs[0].ID {
		case candid.Hash("Ok"):
			r.OK = true
			return within("Ok", text.dec(fs[0].Value, &r.Msg))
		case candid.Hash("Err"):
			r.OK = false
			return within("Err", text.dec(fs[0].Value, &r.Msg))
		}
		return valuef("validation result case %d is unknown", fs[0].ID)
	},
}
