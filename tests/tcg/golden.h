/* Hand-written checks of documented op results and of TB plumbing (golden.c). */
#ifndef TESTS_TCG_GOLDEN_H
#define TESTS_TCG_GOLDEN_H

/* Prints a PASS/FAIL line per check; returns the number of failures. */
int run_golden_tests(void);

#endif
