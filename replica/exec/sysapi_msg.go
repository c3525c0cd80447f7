package exec

import "unicode/utf8"

// msgFuncs: the message's argument, caller and method name, and the
// response (PROTOCOL.md §6.2, "minimal canister").
var msgFuncs = []hostFunc{
	ic0("msg_arg_data_size", ctxArg, nil, types(i32), func(c *call, s []uint64) {
		s[0] = uint64(len(c.msg.Arg))
	}),
	ic0("msg_arg_data_copy", ctxArg, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("msg_arg_data_copy", c.msg.Arg, u32(s[0]), u32(s[1]), u32(s[2]))
	}),
	ic0("msg_caller_size", ctxAll, nil, types(i32), func(c *call, s []uint64) {
		s[0] = uint64(len(c.msg.Caller))
	}),
	ic0("msg_caller_copy", ctxAll, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("msg_caller_copy", c.msg.Caller, u32(s[0]), u32(s[1]), u32(s[2]))
	}),
	ic0("msg_reply_data_append", ctxRespond, types(i32, i32), nil, func(c *call, s []uint64) {
		if c.responded {
			c.violation("ic0.msg_reply_data_append: the call was already answered")
		}
		c.reply = append(c.reply, c.read("msg_reply_data_append", u32(s[0]), u32(s[1]))...)
	}),
	ic0("msg_reply", ctxRespond, nil, nil, func(c *call, s []uint64) {
		if c.responded {
			c.violation("ic0.msg_reply: the call was already answered")
		}
		c.responded = true
		if c.reply == nil {
			c.reply = []byte{}
		}
	}),
	ic0("msg_reject", ctxRespond, types(i32, i32), nil, func(c *call, s []uint64) {
		if c.responded {
			c.violation("ic0.msg_reject: the call was already answered")
		}
		msg := c.read("msg_reject", u32(s[0]), u32(s[1]))
		if !utf8.Valid(msg) {
			c.violation("ic0.msg_reject: the reject message is not valid UTF-8")
		}
		c.responded, c.rejected, c.rejectMsg, c.reply = true, true, string(msg), nil
	}),
	ic0("msg_reject_code", ctxCallback, nil, types(i32), func(c *call, s []uint64) { s[0] = 0 }),
	ic0("msg_reject_msg_size", ctxCallback, nil, types(i32), func(c *call, s []uint64) { s[0] = 0 }),
	ic0("msg_reject_msg_copy", ctxCallback, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("msg_reject_msg_copy", nil, u32(s[0]), u32(s[1]), u32(s[2]))
	}),
	ic0("msg_method_name_size", ctxInspect, nil, types(i32), func(c *call, s []uint64) {
		s[0] = uint64(len(c.method))
	}),
	ic0("msg_method_name_copy", ctxInspect, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("msg_method_name_copy", []byte(c.method), u32(s[0]), u32(s[1]), u32(s[2]))
	}),
	ic0("accept_message", ctxInspect, nil, nil, func(c *call, s []uint64) {
		if c.accepted {
			c.violation("ic0.accept_message: the message was already accepted")
		}
		c.accepted = true
	}),
	// Caller information (interface spec 0.59): no caller carries signed
	// information yet, so both blobs are empty.
	ic0("msg_caller_info_data_size", ctxCallerIn, nil, types(i32), func(c *call, s []uint64) { s[0] = 0 }),
	ic0("msg_caller_info_data_copy", ctxCallerIn, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("msg_caller_info_data_copy", nil, u32(s[0]), u32(s[1]), u32(s[2]))
	}),
	ic0("msg_caller_info_signer_size", ctxCallerIn, nil, types(i32), func(c *call, s []uint64) { s[0] = 0 }),
	ic0("msg_caller_info_signer_copy", ctxCallerIn, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("msg_caller_info_signer_copy", nil, u32(s[0]), u32(s[1]), u32(s[2]))
	}),
}

// u32 reads an i32 argument as unsigned.
func u32(v uint64) uint64 { return uint64(uint32(v)) }
