/* Every TCP timer short and off the tick grid: budgets that are not whole
 * ticks, few retries, a 250 ms slow tick. */
#define TCP_TMR_INTERVAL 125
#define TCP_SYNMAXRTX 3
#define TCP_MAXRTX 4
#define TCP_MSL 1100
#define TCP_KEEPIDLE_DEFAULT 10100
#define TCP_KEEPINTVL_DEFAULT 1010
#define TCP_KEEPCNT_DEFAULT 3
