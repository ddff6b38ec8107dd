/*
 * The monitor's display and input commands (ui/ui-hmp-cmds.c); rows in
 * monitor/hmp-cmds.c's tables point here. arg is the rest of the line.
 */
#ifndef UI_UI_HMP_CMDS_H
#define UI_UI_HMP_CMDS_H

typedef struct Monitor Monitor;

void hmp_screendump(Monitor *mon, const char *arg);
void hmp_sendkey(Monitor *mon, const char *arg);
void hmp_mouse_move(Monitor *mon, const char *arg);
void hmp_mouse_button(Monitor *mon, const char *arg);
void hmp_info_mice(Monitor *mon, const char *arg);

#endif
