/* Everything at opt.h's defaults; only NO_SYS is set because the port
 * provides an OS layer. */
#define NO_SYS                  0
