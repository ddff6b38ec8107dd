/* Prototypes of the helpers listed in HELPER_H and helper-common.h. */
#ifndef EXEC_HELPER_PROTO_H
#define EXEC_HELPER_PROTO_H

#include "exec/helper-head.h"

#define DEF_HELPER_FLAGS_0(name, flags, ret) dh_ctype(ret) helper_##name(void);
#define DEF_HELPER_FLAGS_1(name, flags, ret, t1) dh_ctype(ret) helper_##name(dh_ctype(t1));
#define DEF_HELPER_FLAGS_2(name, flags, ret, t1, t2) \
    dh_ctype(ret) helper_##name(dh_ctype(t1), dh_ctype(t2));
#define DEF_HELPER_FLAGS_3(name, flags, ret, t1, t2, t3) \
    dh_ctype(ret) helper_##name(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3));
#define DEF_HELPER_FLAGS_4(name, flags, ret, t1, t2, t3, t4) \
    dh_ctype(ret) helper_##name(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3), dh_ctype(t4));
#define DEF_HELPER_FLAGS_5(name, flags, ret, t1, t2, t3, t4, t5) \
    dh_ctype(ret) helper_##name(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3), \
                                dh_ctype(t4), dh_ctype(t5));
#define DEF_HELPER_FLAGS_6(name, flags, ret, t1, t2, t3, t4, t5, t6) \
    dh_ctype(ret) helper_##name(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3), \
                                dh_ctype(t4), dh_ctype(t5), dh_ctype(t6));

#ifdef HELPER_H
#include HELPER_H
#endif
#include "exec/helper-common.h"

#undef DEF_HELPER_FLAGS_0
#undef DEF_HELPER_FLAGS_1
#undef DEF_HELPER_FLAGS_2
#undef DEF_HELPER_FLAGS_3
#undef DEF_HELPER_FLAGS_4
#undef DEF_HELPER_FLAGS_5
#undef DEF_HELPER_FLAGS_6

#endif
