/* tests/mig/lang/lang_types.h - the C side of lang.defs (tests/mig/lang.sh). */
#include <mach/mach_types.h>
typedef struct lang_obj *obj_p;
obj_p lang_begin(mach_port_t);
mach_port_t lang_out(obj_p);
void lang_end(obj_p);
