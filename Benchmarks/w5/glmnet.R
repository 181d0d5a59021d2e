# W5, glmnet's side: the elastic-net path (alpha = 0.5, standardize = FALSE, the given
# grid, lambda = λ/2) and cv.glmnet with the same 10 folds; prints
# "<set> <task> <median seconds> <coefficient file>" per task.
# usage: Rscript glmnet.R DATADIR SET REPEATS THRESH
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; set <- args[2]; repeats <- as.integer(args[3]); thresh <- as.numeric(args[4])
d <- as.matrix(read.csv(file.path(dir, paste0(set, ".csv"))))
x <- d[, -ncol(d)]; y <- d[, ncol(d)]
lambdas <- scan(file.path(dir, paste0(set, ".lambdas")), quiet = TRUE) / 2
foldid <- scan(file.path(dir, paste0(set, ".folds")), quiet = TRUE) + 1
time <- function(f) {
  t <- numeric(repeats)
  for (r in seq_len(repeats)) { s <- proc.time()[["elapsed"]]; f(); t[r] <- proc.time()[["elapsed"]] - s }
  median(t)
}
fit <- NULL
tp <- time(function() fit <<- glmnet(x, y, alpha = 0.5, lambda = lambdas, standardize = FALSE, thresh = thresh))
coefs <- t(as.matrix(coef(fit)))  # [lambda, 1 + features]
write.table(coefs, file.path(dir, paste0(set, ".glmnet.coef")), row.names = FALSE, col.names = FALSE)
cat(set, "path", tp, "\n")
tc <- time(function() cv.glmnet(x, y, alpha = 0.5, lambda = lambdas, standardize = FALSE, thresh = thresh, foldid = foldid))
cat(set, "cv", tc, "\n")
