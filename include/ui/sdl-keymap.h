/* SDL scancodes to Linux key codes (ui/sdl-keymap.c; only with CONFIG_SDL). */
#ifndef UI_SDL_KEYMAP_H
#define UI_SDL_KEYMAP_H

/* the Linux key code (include/ui/input.h) of an SDL_Scancode; 0 if none */
unsigned sdl_scancode_to_keycode(int scancode);

#endif
