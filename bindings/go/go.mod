module github.com/boxoffice/boxoffice-go

go 1.19
