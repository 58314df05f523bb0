/*
 * ipc/module.c - finding the module that serves a message id.
 *
 * Lock order: none (the registry is read-only after the link).
 */
#include <stddef.h>
#include <ipc/module.h>

/* Section bounds from the linker; weak so an empty registry links. */
extern const struct mig_subsystem __start_mach5_subsys[] __attribute__((weak));
extern const struct mig_subsystem __stop_mach5_subsys[] __attribute__((weak));

const struct mig_subsystem *module_subsystem_last;

const struct mig_subsystem *module_find_subsystem_slow(mach_msg_id_t id)
{
	if (__start_mach5_subsys == NULL)
		return NULL;
	for (const struct mig_subsystem *s = __start_mach5_subsys;
	     s < __stop_mach5_subsys; s++)
		if (id >= s->base && id < s->end)
			return module_subsystem_last = s;
	return NULL;
}
