/*
 * The SDL window's own thread (ui/sdl2-render.c), used by ui/sdl2.c only.
 * The CPU and the main loop share one thread, so everything that talks to
 * the display server (which may make us wait) happens on a thread of its
 * own: drawing, and changes to the window, which the main loop asks for
 * here. It also pumps the window's events into SDL's queue, which the
 * main loop reads with SDL_PeepEvents (never SDL_PollEvent, which pumps).
 */
#ifndef UI_SDL2_RENDER_H
#define UI_SDL2_RENDER_H

#include "qemu/osdep.h"
#include "ui/console.h"
#include <SDL.h>

typedef struct SDLRenderThread SDLRenderThread;

#define SDL_RENDER_MAX_RECTS 16     /* changed rectangles per frame */

/* start drawing into window (its renderer is made on the new thread); NULL with *errp */
SDLRenderThread *sdl_render_start(SDL_Window *window, char **errp);
/*
 * Hand over a frame: the rectangles of surface that changed (all of it
 * when its size changed), or none to draw the last frame again (window
 * resized or exposed). False while the thread is still busy with the
 * previous frame: try again at the next refresh.
 */
bool sdl_render_submit(SDLRenderThread *r, const DisplaySurface *surface,
                       const SDL_Rect *rects, int nb_rects);   /* at most SDL_RENDER_MAX_RECTS */
/* what the window should become; applied by the thread soon after */
void sdl_render_set_title(SDLRenderThread *r, const char *title);
void sdl_render_set_size(SDLRenderThread *r, int width, int height);
void sdl_render_set_grab(SDLRenderThread *r, bool grab);
void sdl_render_set_full_screen(SDLRenderThread *r, bool full_screen);
/* end the thread (before SDL_Quit) */
void sdl_render_stop(SDLRenderThread *r);

#endif
