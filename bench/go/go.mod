module palbench

go 1.19
