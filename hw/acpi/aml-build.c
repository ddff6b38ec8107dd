/* ACPI table headers and AML encoding (include/hw/acpi/aml-build.h). */
#include "qemu/osdep.h"
#include "hw/acpi/aml-build.h"

#define AML_ZERO_OP             0x00
#define AML_ONE_OP              0x01
#define AML_NAME_OP             0x08
#define AML_BYTE_PREFIX         0x0a
#define AML_WORD_PREFIX         0x0b
#define AML_DWORD_PREFIX        0x0c
#define AML_QWORD_PREFIX        0x0e
#define AML_SCOPE_OP            0x10
#define AML_BUFFER_OP           0x11
#define AML_PACKAGE_OP          0x12
#define AML_DUAL_NAME_PREFIX    0x2e
#define AML_MULTI_NAME_PREFIX   0x2f
#define AML_EXT_OP_PREFIX       0x5b
#define AML_DEVICE_OP           0x82    /* after the extended op prefix */
#define AML_OP_REGION_OP        0x80    /* after the extended op prefix */
#define AML_FIELD_OP            0x81    /* after the extended op prefix */
#define AML_METHOD_OP           0x14
#define AML_LOCAL0_OP           0x60
#define AML_ARG0_OP             0x68
#define AML_STORE_OP            0x70
#define AML_AND_OP              0x7b
#define AML_OR_OP               0x7d
#define AML_CREATE_DWORD_FIELD_OP 0x8a
#define AML_LLESS_OP            0x95
#define AML_IF_OP               0xa0
#define AML_RETURN_OP           0xa4
#define AML_NULL_NAME           0x00    /* "no target" */
#define AML_METHOD_SERIALIZED   0x08
#define AML_FIELD_BYTE_ACC      0x01    /* ByteAcc, NoLock, Preserve */
#define AML_ROOT_CHAR           '\\'

/* large resource items */
#define RES_DWORD_ADDRESS       0x87
#define RES_WORD_ADDRESS        0x88
#define RES_TYPE_MEMORY         0
#define RES_TYPE_IO             1
#define RES_TYPE_BUS            2
#define RES_FLAG_MIN_MAX_FIXED  0x0c
#define RES_IO_ENTIRE_RANGE     0x03
#define RES_MEM_CACHEABLE_RW    0x03
/* small resource items */
#define RES_IO_PORT             0x47
#define RES_IO_DECODE16         0x01
#define RES_IRQ_NO_FLAGS        0x22
#define RES_END_TAG             0x79
/* Extended Interrupt Descriptor: consumer, level-triggered, active high, shared */
#define RES_EXT_INTERRUPT       0x89
#define RES_INT_CONSUMER_LEVEL_HIGH_SHARED 0x09

void aml_init(Aml *a)
{
    memset(a, 0, sizeof(*a));
}

void aml_free(Aml *a)
{
    free(a->buf);
    aml_init(a);
}

void aml_bytes(Aml *a, const void *p, size_t n)
{
    if (!n) {
        return;         /* an empty child: p may be NULL */
    }
    if (a->len + n > a->cap) {
        a->cap = MAX(a->cap * 2, a->len + n + 64);
        a->buf = qemu_realloc(a->buf, a->cap);
    }
    memcpy(a->buf + a->len, p, n);
    a->len += n;
}

void aml_byte(Aml *a, uint8_t b)
{
    aml_bytes(a, &b, 1);
}

void aml_append(Aml *a, const Aml *child)
{
    aml_bytes(a, child->buf, child->len);
}

static void aml_le(Aml *a, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        aml_byte(a, v >> (8 * i));
    }
}

static void aml_name_seg(Aml *a, const char *seg, size_t len)
{
    assert(len >= 1 && len <= 4);
    for (size_t i = 0; i < 4; i++) {
        aml_byte(a, i < len ? seg[i] : '_');
    }
}

void aml_name_string(Aml *a, const char *path)
{
    const char *p = path;
    int segs = 1;

    if (*p == AML_ROOT_CHAR) {
        aml_byte(a, AML_ROOT_CHAR);
        p++;
    }
    for (const char *q = p; *q; q++) {
        segs += *q == '.';
    }
    if (segs == 2) {
        aml_byte(a, AML_DUAL_NAME_PREFIX);
    } else if (segs > 2) {
        aml_byte(a, AML_MULTI_NAME_PREFIX);
        aml_byte(a, segs);
    }
    while (*p) {
        size_t len = strcspn(p, ".");
        aml_name_seg(a, p, len);
        p += len + (p[len] == '.');
    }
}

void aml_integer(Aml *a, uint64_t v)
{
    if (v == 0) {
        aml_byte(a, AML_ZERO_OP);
    } else if (v == 1) {
        aml_byte(a, AML_ONE_OP);
    } else if (v <= 0xff) {
        aml_byte(a, AML_BYTE_PREFIX);
        aml_le(a, v, 1);
    } else if (v <= 0xffff) {
        aml_byte(a, AML_WORD_PREFIX);
        aml_le(a, v, 2);
    } else if (v <= 0xffffffff) {
        aml_byte(a, AML_DWORD_PREFIX);
        aml_le(a, v, 4);
    } else {
        aml_byte(a, AML_QWORD_PREFIX);
        aml_le(a, v, 8);
    }
}

void aml_eisaid(Aml *a, const char *id)
{
    /* three letters of five bits each, then four hex digits; stored big-endian */
    uint32_t v = ((id[0] - '@') & 0x1f) << 26 | ((id[1] - '@') & 0x1f) << 21 |
                 ((id[2] - '@') & 0x1f) << 16 | strtoul(id + 3, NULL, 16);

    aml_byte(a, AML_DWORD_PREFIX);
    aml_byte(a, v >> 24);
    aml_byte(a, v >> 16);
    aml_byte(a, v >> 8);
    aml_byte(a, v);
}

/* PkgLength counts itself: 1 to 4 bytes, 6 or 4+8k bits of length */
static void aml_pkg_length(Aml *a, size_t body)
{
    size_t total = body + 1;

    if (total < 0x40) {
        aml_byte(a, total);
        return;
    }
    int extra = (body + 2 < 0x1000) ? 1 : (body + 3 < 0x100000) ? 2 : 3;
    total = body + 1 + extra;
    aml_byte(a, (extra << 6) | (total & 0x0f));
    for (int i = 0; i < extra; i++) {
        aml_byte(a, total >> (4 + 8 * i));
    }
}

void aml_name(Aml *a, const char *path, const Aml *value)
{
    aml_byte(a, AML_NAME_OP);
    aml_name_string(a, path);
    aml_append(a, value);
}

static void aml_named_container(Aml *a, const char *path, const Aml *body)
{
    Aml name;

    aml_init(&name);
    aml_name_string(&name, path);
    aml_pkg_length(a, name.len + body->len);
    aml_append(a, &name);
    aml_append(a, body);
    aml_free(&name);
}

void aml_scope(Aml *a, const char *path, const Aml *body)
{
    aml_byte(a, AML_SCOPE_OP);
    aml_named_container(a, path, body);
}

void aml_device(Aml *a, const char *path, const Aml *body)
{
    aml_byte(a, AML_EXT_OP_PREFIX);
    aml_byte(a, AML_DEVICE_OP);
    aml_named_container(a, path, body);
}

void aml_method(Aml *a, const char *path, int nargs, bool serialized, const Aml *body)
{
    Aml head;

    assert(nargs >= 0 && nargs <= 7);
    aml_init(&head);
    aml_name_string(&head, path);
    aml_byte(&head, nargs | (serialized ? AML_METHOD_SERIALIZED : 0));
    aml_byte(a, AML_METHOD_OP);
    aml_pkg_length(a, head.len + body->len);
    aml_append(a, &head);
    aml_append(a, body);
    aml_free(&head);
}

void aml_operation_region(Aml *a, const char *path, uint8_t space, uint32_t offset, uint32_t len)
{
    aml_byte(a, AML_EXT_OP_PREFIX);
    aml_byte(a, AML_OP_REGION_OP);
    aml_name_string(a, path);
    aml_byte(a, space);
    aml_integer(a, offset);
    aml_integer(a, len);
}

void aml_field_bytes(Aml *a, const char *region, const char *const *names, int count)
{
    Aml body;

    aml_init(&body);
    aml_name_string(&body, region);
    aml_byte(&body, AML_FIELD_BYTE_ACC);
    for (int i = 0; i < count; i++) {
        aml_name_seg(&body, names[i], strlen(names[i]));
        aml_pkg_length(&body, 8 - 1);       /* a PkgLength-encoded bit count: 8 */
    }
    aml_byte(a, AML_EXT_OP_PREFIX);
    aml_byte(a, AML_FIELD_OP);
    aml_pkg_length(a, body.len);
    aml_append(a, &body);
    aml_free(&body);
}

/* ---- terms as values ---- */

static Aml aml_op(uint8_t op)
{
    Aml t;

    aml_init(&t);
    aml_byte(&t, op);
    return t;
}

/* append term to t and free it */
static void aml_take(Aml *t, Aml term)
{
    aml_append(t, &term);
    aml_free(&term);
}

void aml_add(Aml *body, Aml term)
{
    aml_take(body, term);
}

Aml aml_int(uint64_t v)
{
    Aml t;

    aml_init(&t);
    aml_integer(&t, v);
    return t;
}

Aml aml_path(const char *path)
{
    Aml t;

    aml_init(&t);
    aml_name_string(&t, path);
    return t;
}

Aml aml_arg(int n)
{
    assert(n >= 0 && n <= 6);
    return aml_op(AML_ARG0_OP + n);
}

Aml aml_local(int n)
{
    assert(n >= 0 && n <= 7);
    return aml_op(AML_LOCAL0_OP + n);
}

Aml aml_call1(const char *method, Aml arg)
{
    Aml t = aml_path(method);

    aml_take(&t, arg);
    return t;
}

Aml aml_and(Aml x, Aml y)
{
    Aml t = aml_op(AML_AND_OP);

    aml_take(&t, x);
    aml_take(&t, y);
    aml_byte(&t, AML_NULL_NAME);
    return t;
}

Aml aml_or(Aml x, Aml y, Aml target)
{
    Aml t = aml_op(AML_OR_OP);

    aml_take(&t, x);
    aml_take(&t, y);
    aml_take(&t, target);
    return t;
}

Aml aml_lless(Aml x, Aml y)
{
    Aml t = aml_op(AML_LLESS_OP);

    aml_take(&t, x);
    aml_take(&t, y);
    return t;
}

Aml aml_store(Aml value, Aml target)
{
    Aml t = aml_op(AML_STORE_OP);

    aml_take(&t, value);
    aml_take(&t, target);
    return t;
}

Aml aml_return(Aml value)
{
    Aml t = aml_op(AML_RETURN_OP);

    aml_take(&t, value);
    return t;
}

Aml aml_if(Aml predicate, Aml body)
{
    Aml t = aml_op(AML_IF_OP);

    aml_pkg_length(&t, predicate.len + body.len);
    aml_take(&t, predicate);
    aml_take(&t, body);
    return t;
}

Aml aml_create_dword_field(Aml buffer, Aml byte_index, const char *name)
{
    Aml t = aml_op(AML_CREATE_DWORD_FIELD_OP);

    aml_take(&t, buffer);
    aml_take(&t, byte_index);
    aml_name_string(&t, name);
    return t;
}

void aml_package(Aml *a, int count, const Aml *elements)
{
    assert(count >= 0 && count <= 255);
    aml_byte(a, AML_PACKAGE_OP);
    aml_pkg_length(a, 1 + elements->len);
    aml_byte(a, count);
    aml_append(a, elements);
}

void aml_buffer(Aml *a, const Aml *data)
{
    Aml size;

    aml_init(&size);
    aml_integer(&size, data->len);
    aml_byte(a, AML_BUFFER_OP);
    aml_pkg_length(a, size.len + data->len);
    aml_append(a, &size);
    aml_append(a, data);
    aml_free(&size);
}

/* Word Address Space Descriptor: producer, min and max fixed */
static void res_word_address(Aml *a, uint8_t type, uint8_t type_flags,
                             uint16_t min, uint16_t max)
{
    aml_byte(a, RES_WORD_ADDRESS);
    aml_le(a, 13, 2);
    aml_byte(a, type);
    aml_byte(a, RES_FLAG_MIN_MAX_FIXED);
    aml_byte(a, type_flags);
    aml_le(a, 0, 2);                    /* granularity */
    aml_le(a, min, 2);
    aml_le(a, max, 2);
    aml_le(a, 0, 2);                    /* translation offset */
    aml_le(a, max - min + 1, 2);
}

void res_word_bus_number(Aml *a, uint16_t min, uint16_t max)
{
    res_word_address(a, RES_TYPE_BUS, 0, min, max);
}

void res_word_io(Aml *a, uint16_t min, uint16_t max)
{
    res_word_address(a, RES_TYPE_IO, RES_IO_ENTIRE_RANGE, min, max);
}

void res_io(Aml *a, uint16_t base, uint8_t len)
{
    aml_byte(a, RES_IO_PORT);
    aml_byte(a, RES_IO_DECODE16);
    aml_le(a, base, 2);                 /* minimum */
    aml_le(a, base, 2);                 /* maximum */
    aml_byte(a, 1);                     /* alignment */
    aml_byte(a, len);
}

void res_irq_no_flags(Aml *a, uint8_t irq)
{
    assert(irq < 16);
    aml_byte(a, RES_IRQ_NO_FLAGS);
    aml_le(a, 1u << irq, 2);
}

void res_dword_memory(Aml *a, uint32_t min, uint32_t max)
{
    aml_byte(a, RES_DWORD_ADDRESS);
    aml_le(a, 23, 2);
    aml_byte(a, RES_TYPE_MEMORY);
    aml_byte(a, RES_FLAG_MIN_MAX_FIXED);
    aml_byte(a, RES_MEM_CACHEABLE_RW);
    aml_le(a, 0, 4);                    /* granularity */
    aml_le(a, min, 4);
    aml_le(a, max, 4);
    aml_le(a, 0, 4);                    /* translation offset */
    aml_le(a, (uint64_t)max - min + 1, 4);
}

void res_interrupt_level_shared(Aml *a, const uint32_t *irqs, int count)
{
    assert(count >= 1 && count <= 255);
    aml_byte(a, RES_EXT_INTERRUPT);
    aml_le(a, 2 + 4 * count, 2);
    aml_byte(a, RES_INT_CONSUMER_LEVEL_HIGH_SHARED);
    aml_byte(a, count);
    for (int i = 0; i < count; i++) {
        aml_le(a, irqs[i], 4);
    }
}

void res_end_tag(Aml *a)
{
    aml_byte(a, RES_END_TAG);
    aml_byte(a, 0);                     /* checksum 0: treated as valid */
}

void acpi_table_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
    memcpy(t, sig, 4);
    for (int i = 0; i < 4; i++) {
        t[4 + i] = len >> (8 * i);
    }
    t[8] = rev;
    t[9] = 0;
    memcpy(t + 10, "QEMUPC", 6);            /* OEM ID */
    memcpy(t + 16, "QEMUPC  ", 8);          /* OEM table ID */
    memcpy(t + 24, "\x01\x00\x00\x00", 4);  /* OEM revision */
    memcpy(t + 28, "QEMU", 4);              /* creator ID */
    memcpy(t + 32, "\x01\x00\x00\x00", 4);  /* creator revision */
}

void acpi_checksum(uint8_t *t, size_t len, size_t at)
{
    uint8_t sum = 0;

    t[at] = 0;
    for (size_t i = 0; i < len; i++) {
        sum += t[i];
    }
    t[at] = -sum;
}
