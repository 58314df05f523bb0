/* bootstrap/examples/kv/kv_types.h - the C types of kv.defs. */
#ifndef KV_TYPES_H
#define KV_TYPES_H

typedef char kv_key_t[64];
typedef char kv_value_t[256];
/* In-arguments are const, as MIG declares them: const_<type>. */
typedef const char *const_kv_key_t;
typedef const char *const_kv_value_t;

/* Errors of the interface (outside the Mach and MIG ranges). */
#define KV_NO_SUCH_KEY 0x4b5601
#define KV_STORE_FULL  0x4b5602

#endif /* KV_TYPES_H */
