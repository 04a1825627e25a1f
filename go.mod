module github.com/whosaid/whosaid

go 1.26.8
