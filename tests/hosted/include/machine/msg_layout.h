/*
 * <machine/msg_layout.h> for the hosted build: the x86_64 message layout,
 * which the hosted unit tests exercise.
 */
#include "../../../../x86_64/include/machine/msg_layout.h"
