# SPDX-License-Identifier: MIT
# Reference class breaks and counts from R's classInt, for
# tests/unit/test_classify.c (which reads the output; R is not needed to run
# the tests). Regenerate after changing the inputs or cases below:
#
#   Rscript tests/reference/classint.R > tests/reference/classint.out
#
# and review the diff: a changed number for an unchanged case means R or
# classInt changed. test_classint_reference checks how many cases it read
# (and how many fisher/jenks ties): update those counts with the cases. Made with R 4.2.2 and classInt 0.4-9 (Debian
# r-base-core, r-cran-classint); the header of the output records both.
#
# Output, one item per line, numbers as sprintf("%.17g") so that they read
# back as the same doubles:
#   input NAME N          then a line of N values (NA = missing)
#   case NAME METHOD K CLOSURE [thr=T] [fixed=b1,b2,..]
#   style S               classInt's style attribute ("unique" when it gave
#                         each distinct value its own class)
#   brks M b1 .. bM
#   counts M-1 c1 ..      table(findCols(ci)) over all classes
# or, when classIntervals() stops,
#   error MESSAGE
suppressPackageStartupMessages(library(classInt))

g17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
# One output line: the items separated by single spaces.
out <- function(...) writeLines(paste(c(...), collapse = " "))

# Inputs, written out so that they never depend on a random generator.
inputs <- list(
  # Integers with many ties and one missing value.
  ties = c(1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 5, 5, 6, 8, 8, 8, 9, 10, 10, 12, NA),
  # Skewed, roughly lognormal (exp of normal, two decimals).
  skewed = c(1.83, 3.84, 6.13, 5.61, 5.1, 20.37, 12.14, 6.21, 3.46, 11.41,
             3.18, 6.21, 10.28, 11.66, 3.55, 32.88, 1.97, 9.17, 5.9, 14.21,
             55.64, 12.61, 9.12, 38.63, 2.08, 1.84, 7.19, 33.39, 16.05, 9.25,
             7.32, 4.25, 24.72, 9.81, 16.39, 38.01, 6.54, 9.76, 26.44, 5.06),
  # Around zero: a change in percent.
  negative = c(5.5, 1.1, 10, -9.3, 15.4, 0.8, -9.1, -0.4, 5.9, 1.8, 11.2, -2,
               -6.9, -2.9, 1.3, -4.3, 7.2, 9.9, 0.8, 18, 8.3, -7.8, -4.2, 7.7,
               3.2, 23.8, -6.4, 1.7, 9.1, 7.4),
  # Fewer distinct values than most k.
  small = c(3, 7, 7, 12),
  two = c(5, 5, 9),
  constant = c(4.2, 4.2, 4.2, 4.2, 4.2, 4.2),
  missing = c(NA_real_, NA_real_, NA_real_),
  # A realistic column of 200 buurten (a share in percent, one decimal).
  realistic = c(
    12.0, 23.5, 6.1, 22.5, 13.3, 21.5, 18.5, 20.5, 18.2, 15.6, 40.4, 35.0,
    12.6, 4.7, 21.6, 23.3, 35.0, 20.1, 13.1, 20.6, 19.2, 22.9, 13.4, 20.9,
    26.7, 16.7, 22.8, 26.3, 34.9, 22.2, 21.2, 17.5, 23.7, 38.6, 16.6, 32.0,
    19.4, 28.1, 14.1, 25.2, 22.8, 27.0, 18.7, 28.7, 32.9, 17.8, 34.5, 29.7,
    16.9, 18.9, 9.4, 17.3, 14.1, 17.6, 27.3, 29.7, 26.4, 23.5, 15.5, 25.9,
    8.5, 13.6, 21.8, 29.0, 16.1, 19.4, 12.2, 9.4, 19.2, 19.7, 10.8, 17.5,
    18.4, 24.4, 24.4, 4.9, 29.3, 39.9, 12.8, 27.0, 24.2, 22.3, 23.5, 26.0,
    30.5, 23.7, 22.2, 35.0, 20.4, 27.0, 9.7, 21.7, 29.0, 12.4, 30.4, 21.4,
    26.2, 26.9, 9.6, 27.4, 15.1, 13.3, 14.5, 13.6, 20.1, 23.7, 16.1, 17.7,
    31.4, 12.4, 37.2, 19.7, 20.8, 20.5, 18.8, 17.5, 26.8, 25.6, 16.6, 33.9,
    25.3, 21.2, 14.7, 32.6, 34.5, 34.8, 16.7, 23.5, 19.1, 29.9, 21.7, 23.9,
    26.4, 19.9, 22.0, 10.8, 26.2, 13.7, 17.0, 20.7, 22.8, 18.8, 35.0, 25.1,
    18.4, 20.0, 23.8, 13.5, 22.0, 26.0, 18.1, 26.5, 31.4, 34.3, 17.6, 9.6,
    26.8, 33.1, 19.9, 31.7, 21.3, 27.8, 28.5, 24.7, 22.5, 27.2, 24.2, 26.0,
    22.1, 39.7, 18.3, 12.6, 27.7, 20.6, 21.3, 26.6, 23.7, 20.3, 29.4, 18.1,
    19.3, 17.3, 18.3, 22.1, 31.7, 29.2, 22.4, 16.1, 26.4, 26.6, 22.2, 18.4,
    16.1, 23.3, 18.9, 27.0, 20.9, 32.9, 33.5, 24.8),
  # Larger inputs for fisher and jenks, from exact integer arithmetic:
  # skewed integers with many ties, and values with a large offset.
  ints = ((1:1000 * 7919) %% 1009)^2 %/% 1009,
  offset = 450000 + ((1:3000 * 7919) %% 3001) / 8
)

# What to compute for each input.
std_k <- c(2, 3, 4, 5, 7, 9)
plan <- list(
  list(inputs = c("ties", "skewed", "negative", "small", "two",
                  "realistic"),
       methods = c("equal", "quantile", "fisher", "jenks", "pretty", "sd"),
       k = std_k),
  list(inputs = "ints", methods = c("equal", "quantile", "fisher", "jenks",
                                    "pretty", "sd"), k = c(5, 7)),
  list(inputs = "offset", methods = c("equal", "quantile", "fisher",
                                      "pretty", "sd"), k = c(5, 7, 9))
)
fixed <- list(ties = c(0, 2.5, 5, 10, 15), skewed = c(0, 5, 10, 20, 50),
              negative = c(-5, 0, 5, 10), small = c(0, 5, 10, 15),
              two = c(0, 5, 10), constant = c(0, 5), realistic =
                c(10, 15, 20, 25, 30, 35))

# classIntervals() and findCols() for one case; closure "left" or "right".
run <- function(name, method, k, closure, thr = NULL) {
  x <- inputs[[name]]
  out("case", name, method, k, closure,
      if (!is.null(thr)) paste0("thr=", thr),
      if (method == "fixed") paste0("fixed=", paste(g17(fixed[[name]]),
                                                    collapse = ",")))
  args <- list(var = x, n = k, style = method, intervalClosure = closure,
               warnLargeN = FALSE)
  if (method == "fixed") {
    # n only matters for classInt's "unique" test (n >= distinct values).
    args$n <- 2
    args$fixedBreaks <- fixed[[name]]
  }
  if (!is.null(thr)) args$thr <- thr
  ci <- tryCatch(suppressWarnings(do.call(classIntervals, args)),
                 error = function(e) e)
  if (inherits(ci, "error")) {
    out("error", conditionMessage(ci))
    return(invisible())
  }
  nb <- length(ci$brks)
  counts <- table(factor(findCols(ci), levels = seq_len(nb - 1)))
  out("style", attr(ci, "style"))
  out("brks", nb, g17(ci$brks))
  out("counts", nb - 1, as.integer(counts))
}

out("# classint.out: classInt reference breaks and counts, made by")
out("# tests/reference/classint.R; do not edit.")
out("#", R.version.string, "classInt", format(packageVersion("classInt")))
for (name in names(inputs)) {
  x <- inputs[[name]]
  out("input", name, length(x))
  out(g17(x))
}
for (p in plan) {
  for (name in p$inputs) {
    for (method in p$methods) {
      for (k in p$k) {
        for (closure in c("left", "right")) {
          # jenks ignores the closure (always right).
          if (method != "jenks" || closure == "right")
            run(name, method, k, closure)
        }
      }
    }
  }
}
for (name in names(fixed)) {
  for (closure in c("left", "right")) {
    run(name, "fixed", 0, closure)
    run(name, "headtails", 0, closure)
  }
}
for (name in c("skewed", "realistic", "ints"))
  for (thr in c(0.2, 0.6)) run(name, "headtails", 0, "left", thr)
# Degenerate: classInt stops (we make one class, or report all missing),
# and it has no k = 1.
for (method in c("equal", "quantile", "fisher", "jenks", "pretty", "sd"))
  run("constant", method, 3, "left")
run("missing", "quantile", 5, "left")
run("missing", "headtails", 0, "left")
run("missing", "fixed", 0, "left")
run("realistic", "quantile", 1, "left")
