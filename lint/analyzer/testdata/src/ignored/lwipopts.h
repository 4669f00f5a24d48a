//go:build ignore

/* Excluded by the constraint above, so not linted. */
#define TCP_SYNMAXRTX 12
