module github.com/numabind/numabind/bindings/go

go 1.22
