// Dapper calls in this assembly run code generated at build time, not Reflection.Emit: the native
// (Native AOT) build of gctool cannot emit code at run time.
[module: Dapper.DapperAot]
