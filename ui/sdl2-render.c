/*
 * The SDL window's own thread (ui/sdl2-render.h): every SDL call that
 * touches the window or the display server is made here.
 *
 * The main loop copies the changed rectangles of the console's surface
 * into a staging buffer and wakes the thread, which owns the renderer
 * and the streaming texture: it uploads those rectangles, scales the
 * texture to the window and presents the frame. While it is busy the
 * main loop hands nothing over (the changes wait for the next refresh),
 * so a slow display server costs frames, never guest time. The staging
 * buffer is written by the main loop only while the thread is idle and
 * read by the thread only while it is busy. Between frames the thread
 * wakes every PUMP_INTERVAL_MS to move the window's events to SDL's queue
 * and to apply the changes the main loop asked for (title, size, grab,
 * full screen).
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#ifdef CONFIG_SDL
#include "sdl2-render.h"
#include <pthread.h>
#include <time.h>

#define PUMP_INTERVAL_MS 10
/* the display server may finish a resize after our next frame: show it again then */
#define REPAINT_AFTER_RESIZE_MS 150

struct SDLRenderThread {
    SDL_Window *window;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    /* under lock */
    bool started;               /* the thread made its renderer (or failed: error) */
    char *error;
    bool busy;                  /* a frame is handed over and not shown yet */
    bool quit;
    /* the frame: main loop writes while !busy, the thread reads while busy */
    uint32_t *staging;
    int width, height;          /* of staging; its stride is width * 4 */
    bool new_size;
    SDL_Rect rects[SDL_RENDER_MAX_RECTS];
    int nb_rects;
    /* what the window should be (under lock); size_serial counts size requests */
    char title[256];
    int want_width, want_height, size_serial;
    bool want_grab, want_full_screen;
    /* the thread's own: what it last applied */
    char shown_title[256];
    int applied_size_serial;
    bool grab, full_screen;
    int64_t repaint_at;         /* show the last frame again at this time (0: no) */
    SDL_Renderer *renderer;
    SDL_Texture *texture;
};

/*
 * OpenGL drawn by the CPU (Mesa's llvmpipe/softpipe: no GPU, or a virtual
 * X server) costs several times what SDL's own software renderer does for
 * the same frame: take that one instead.
 */
static bool renderer_is_software_gl(SDL_Renderer *renderer)
{
    typedef const unsigned char *(*GetStringFn)(unsigned int);
    const unsigned int gl_renderer = 0x1F01;    /* GL_RENDERER */
    SDL_RendererInfo info;
    GetStringFn get_string;
    const char *name;

    if (SDL_GetRendererInfo(renderer, &info) || strncmp(info.name, "opengl", 6)) {
        return false;
    }
    get_string = (GetStringFn)SDL_GL_GetProcAddress("glGetString");
    name = get_string ? (const char *)get_string(gl_renderer) : NULL;
    return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
                    strstr(name, "Software Rasterizer"));
}

static SDL_Renderer *create_renderer(SDL_Window *window)
{
    SDL_Renderer *renderer = SDL_CreateRenderer(window, -1, 0);

    if (renderer && !getenv("SDL_RENDER_DRIVER") && renderer_is_software_gl(renderer)) {
        SDL_DestroyRenderer(renderer);
        renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    }
    return renderer;
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* the texture, scaled to the window */
static void present(SDLRenderThread *r)
{
    SDL_SetRenderDrawColor(r->renderer, 0, 0, 0, 255);
    SDL_RenderClear(r->renderer);
    if (r->texture) {
        /* stretched to the window: scaling when resized or full screen */
        SDL_RenderCopy(r->renderer, r->texture, NULL, NULL);
    }
    SDL_RenderPresent(r->renderer);
}

/* show the frame handed over (the thread, not holding the lock) */
static void draw_frame(SDLRenderThread *r)
{
    if (r->new_size || !r->texture) {
        if (r->texture) {
            SDL_DestroyTexture(r->texture);
        }
        r->texture = SDL_CreateTexture(r->renderer, SDL_PIXELFORMAT_RGB888,
                                       SDL_TEXTUREACCESS_STREAMING, r->width, r->height);
    }
    if (r->texture) {
        for (int i = 0; i < r->nb_rects; i++) {
            const SDL_Rect *rect = &r->rects[i];
            SDL_UpdateTexture(r->texture, rect, r->staging + (size_t)rect->y * r->width + rect->x,
                              r->width * 4);
        }
    }
    present(r);
}

/* what the main loop asked for, taken under the lock, applied without it */
typedef struct WindowState {
    char title[256];
    int width, height, size_serial;
    bool grab, full_screen;
} WindowState;

static void take_window_state(SDLRenderThread *r, WindowState *w)
{
    memcpy(w->title, r->title, sizeof(w->title));
    w->width = r->want_width;
    w->height = r->want_height;
    w->size_serial = r->size_serial;
    w->grab = r->want_grab;
    w->full_screen = r->want_full_screen;
}

/* the window as the main loop wants it (the display server may be slow:
 * the main loop must never wait for the lock meanwhile) */
static void apply_window_state(SDLRenderThread *r, const WindowState *w)
{
    if (w->size_serial != r->applied_size_serial || w->full_screen != r->full_screen) {
        r->repaint_at = now_ms() + REPAINT_AFTER_RESIZE_MS;
    }
    if (strcmp(w->title, r->shown_title)) {
        memcpy(r->shown_title, w->title, sizeof(r->shown_title));
        SDL_SetWindowTitle(r->window, w->title);
    }
    if (w->full_screen != r->full_screen) {
        r->full_screen = w->full_screen;
        SDL_SetWindowFullscreen(r->window, r->full_screen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    }
    if (w->size_serial != r->applied_size_serial) {
        r->applied_size_serial = w->size_serial;
        SDL_SetWindowSize(r->window, w->width, w->height);
    }
    if (w->grab != r->grab) {
        r->grab = w->grab;
        SDL_SetWindowGrab(r->window, r->grab);
        SDL_SetRelativeMouseMode(r->grab);
    }
}

static void wait_a_little(SDLRenderThread *r)
{
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += PUMP_INTERVAL_MS * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&r->cond, &r->lock, &until);
}

static void *render_thread(void *opaque)
{
    SDLRenderThread *r = opaque;

    r->renderer = create_renderer(r->window);
    pthread_mutex_lock(&r->lock);
    if (!r->renderer) {
        error_setg(&r->error, "could not create an SDL renderer: %s", SDL_GetError());
    }
    r->started = true;
    pthread_cond_broadcast(&r->cond);
    while (r->renderer && !r->quit) {
        WindowState wanted;
        bool frame = r->busy;

        take_window_state(r, &wanted);
        pthread_mutex_unlock(&r->lock);
        apply_window_state(r, &wanted);
        if (frame) {
            draw_frame(r);
            SDL_PumpEvents();
            pthread_mutex_lock(&r->lock);
            r->busy = false;
            continue;
        }
        SDL_PumpEvents();
        if (r->repaint_at && now_ms() >= r->repaint_at) {
            /* the texture is the thread's own: no frame needed */
            r->repaint_at = 0;
            present(r);
        }
        pthread_mutex_lock(&r->lock);
        if (!r->busy && !r->quit) {
            wait_a_little(r);
        }
    }
    pthread_mutex_unlock(&r->lock);
    if (r->texture) {
        SDL_DestroyTexture(r->texture);
    }
    if (r->renderer) {
        SDL_DestroyRenderer(r->renderer);
    }
    return NULL;
}

SDLRenderThread *sdl_render_start(SDL_Window *window, char **errp)
{
    SDLRenderThread *r = qemu_mallocz(sizeof(*r));

    r->window = window;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL);
    if (pthread_create(&r->thread, NULL, render_thread, r)) {
        error_setg(errp, "cannot start the display thread");
        free(r);
        return NULL;
    }
    pthread_mutex_lock(&r->lock);
    while (!r->started) {
        pthread_cond_wait(&r->cond, &r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    if (r->error) {
        *errp = r->error;
        pthread_join(r->thread, NULL);
        free(r);
        return NULL;
    }
    return r;
}

static void copy_rect(SDLRenderThread *r, const DisplaySurface *s, const SDL_Rect *rect)
{
    for (int y = rect->y; y < rect->y + rect->h; y++) {
        memcpy(r->staging + (size_t)y * r->width + rect->x,
               (const uint8_t *)s->data + (size_t)y * s->stride + (size_t)rect->x * 4,
               (size_t)rect->w * 4);
    }
}

bool sdl_render_submit(SDLRenderThread *r, const DisplaySurface *surface,
                       const SDL_Rect *rects, int nb_rects)
{
    bool busy;

    pthread_mutex_lock(&r->lock);
    busy = r->busy;
    pthread_mutex_unlock(&r->lock);
    if (busy) {
        return false;
    }
    /* idle: the staging buffer is ours until busy is set again */
    r->new_size = surface->width != r->width || surface->height != r->height;
    if (r->new_size) {
        free(r->staging);
        r->width = surface->width;
        r->height = surface->height;
        r->staging = qemu_mallocz((size_t)r->width * r->height * 4);
        r->rects[0] = (SDL_Rect){ 0, 0, r->width, r->height };
        r->nb_rects = 1;
    } else {
        r->nb_rects = MIN(nb_rects, SDL_RENDER_MAX_RECTS);
        memcpy(r->rects, rects, sizeof(SDL_Rect) * r->nb_rects);
    }
    for (int i = 0; i < r->nb_rects; i++) {
        copy_rect(r, surface, &r->rects[i]);
    }
    pthread_mutex_lock(&r->lock);
    r->busy = true;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    return true;
}

static void request(SDLRenderThread *r)
{
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

void sdl_render_set_title(SDLRenderThread *r, const char *title)
{
    pthread_mutex_lock(&r->lock);
    snprintf(r->title, sizeof(r->title), "%s", title);
    request(r);
}

void sdl_render_set_size(SDLRenderThread *r, int width, int height)
{
    pthread_mutex_lock(&r->lock);
    r->want_width = width;
    r->want_height = height;
    r->size_serial++;
    request(r);
}

void sdl_render_set_grab(SDLRenderThread *r, bool grab)
{
    pthread_mutex_lock(&r->lock);
    r->want_grab = grab;
    request(r);
}

void sdl_render_set_full_screen(SDLRenderThread *r, bool full_screen)
{
    pthread_mutex_lock(&r->lock);
    r->want_full_screen = full_screen;
    request(r);
}

void sdl_render_stop(SDLRenderThread *r)
{
    pthread_mutex_lock(&r->lock);
    r->quit = true;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    free(r->staging);
    free(r);
}
#endif
