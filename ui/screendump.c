/*
 * screendump: a console's current picture written to a file, as binary
 * PPM (P6) or, when built with libpng, PNG (include/ui/console.h).
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "ui/console.h"
#ifdef CONFIG_PNG
#include <png.h>
#endif

/* one line of 0x00RRGGBB pixels as R,G,B bytes */
static void line_to_rgb(const uint32_t *src, uint8_t *dst, int width)
{
    for (int x = 0; x < width; x++) {
        uint32_t p = src[x];
        dst[3 * x] = p >> 16;
        dst[3 * x + 1] = p >> 8;
        dst[3 * x + 2] = p;
    }
}

static const uint32_t *surface_line(const DisplaySurface *s, int y)
{
    return (const uint32_t *)((const uint8_t *)s->data + (size_t)y * s->stride);
}

static bool write_ppm(FILE *f, const DisplaySurface *s)
{
    uint8_t *line = qemu_malloc((size_t)s->width * 3);
    bool ok = fprintf(f, "P6\n%d %d\n255\n", s->width, s->height) > 0;

    for (int y = 0; y < s->height && ok; y++) {
        line_to_rgb(surface_line(s, y), line, s->width);
        ok = fwrite(line, 3, s->width, f) == (size_t)s->width;
    }
    free(line);
    return ok;
}

#ifdef CONFIG_PNG
static bool write_png(FILE *f, const DisplaySurface *s)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint8_t *volatile line = NULL;
    volatile bool ok = false;

    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return false;
    }
    /* libpng reports a write error by jumping back here */
    if (setjmp(png_jmpbuf(png))) {
        goto out;
    }
    line = qemu_malloc((size_t)s->width * 3);
    png_init_io(png, f);
    /* a fast level: screendumps are taken often by tests and scripts */
    png_set_compression_level(png, 1);
    png_set_IHDR(png, info, s->width, s->height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < s->height; y++) {
        line_to_rgb(surface_line(s, y), line, s->width);
        png_write_row(png, line);
    }
    png_write_end(png, NULL);
    ok = true;
out:
    free(line);
    png_destroy_write_struct(&png, &info);
    return ok;
}
#endif

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

bool qemu_console_screendump_format(QemuConsole *con, const char *filename,
                                    const char *format, char **errp)
{
    DisplaySurface *s;
    bool png, ok;
    FILE *f;

    if (!format) {
        format = has_suffix(filename, ".png") ? "png" : "ppm";
    }
    if (!strcmp(format, "png")) {
        png = true;
    } else if (!strcmp(format, "ppm")) {
        png = false;
    } else {
        error_setg(errp, "unsupported image format '%s' (ppm or png)", format);
        return false;
    }
#ifndef CONFIG_PNG
    if (png) {
        error_setg(errp, "PNG support is not built in (install libpng-dev and reconfigure)");
        return false;
    }
#endif
    if (!con) {
        error_setg(errp, "There is no console to take a screendump from.");
        return false;
    }
    /* nobody may be showing it: have the device draw the whole picture now */
    graphic_hw_invalidate(con);
    graphic_hw_update(con);
    s = qemu_console_surface(con);

    f = fopen(filename, "wb");
    if (!f) {
        error_setg(errp, "could not open '%s': %s", filename, strerror(errno));
        return false;
    }
    errno = 0;
#ifdef CONFIG_PNG
    ok = png ? write_png(f, s) : write_ppm(f, s);
#else
    ok = write_ppm(f, s);
#endif
    if (fclose(f) || !ok) {
        error_setg(errp, "could not write '%s': %s", filename,
                   errno ? strerror(errno) : "write error");
        return false;
    }
    return true;
}

bool qemu_console_screendump(QemuConsole *con, const char *filename, char **errp)
{
    return qemu_console_screendump_format(con, filename, NULL, errp);
}
