# Built from a separate folder prepared by configure, which writes a Makefile
# there that includes config-host.mak and then this file.
ifndef SRC_PATH
$(error run configure from a build folder first: mkdir build && cd build && ../configure && make)
endif

S := $(SRC_PATH)
CPPFLAGS := -I. -I$(S)/include -I$(S) -MMD -MP
LIBS := -lm -lrt -lpthread $(CAPSTONE_LIBS) $(ZLIB_LIBS) $(SLIRP_LIBS) $(SDL_LIBS) $(PNG_LIBS)
LIB_CFLAGS := $(CAPSTONE_CFLAGS) $(SLIRP_CFLAGS) $(SDL_CFLAGS) $(PNG_CFLAGS)

all: $(foreach t,$(TARGETS),$(t)-bin) firmware

# ---- code built once, linked into every emulator ----
COMMON_DIRS := util tcg tcg/$(HOST_CPU) accel softmmu hw/core hw/char hw/misc chardev system monitor hw/rtc hw/input hw/pci hw/acpi hw/nvram hw/intc \
               block net ui hw/ide hw/block hw/net hw/display hw/virtio hw/dma
COMMON_SRCS := $(wildcard $(addprefix $(S)/,$(addsuffix /*.c,$(COMMON_DIRS)))) \
               $(wildcard $(S)/cpu-exec.c $(S)/translate-all.c $(S)/vl.c)
COMMON_OBJS := $(patsubst $(S)/%.c,common/%.o,$(COMMON_SRCS))

common/%.o: $(S)/%.c config-host.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

# ---- code built once per target ----
# i386-softmmu: 32-bit x86, the PC
i386-softmmu_BIN    := qemu-system-i386
i386-softmmu_DIRS   := target-i386 hw/i386
i386-softmmu_CFLAGS := -DTARGET_I386 -DTARGET_LONG_BITS=32 -I$(S)/target-i386 \
                       -DHELPER_H='"helper.h"'

define target_rules
$(1)_SRCS := $$(wildcard $$(addprefix $(S)/,$$(addsuffix /*.c,$$($(1)_DIRS))))
$(1)_OBJS := $$(patsubst $(S)/%.c,$(1)/%.o,$$($(1)_SRCS))
$(1)/%.o: $(S)/%.c config-host.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $$($(1)_CFLAGS) -c -o $$@ $$<
$$($(1)_BIN): $$($(1)_OBJS) $$(COMMON_OBJS)
	$$(CC) $$(CFLAGS) -o $$@ $$^ $$(LIBS)
$(1)-bin: $$($(1)_BIN)
.PHONY: $(1)-bin
BINS += $$($(1)_BIN)
endef
$(foreach t,$(TARGETS),$(eval $(call target_rules,$(t))))

# ---- the image tool: the block layer without the drive list ----
QEMU_IMG_OBJS := common/tools/qemu-img.o \
                 $(filter-out common/block/blockdev%,$(filter common/block/%,$(COMMON_OBJS))) \
                 common/util/alloc.o common/util/error.o common/util/errp.o common/util/iov.o
qemu-img: $(QEMU_IMG_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ -lm $(ZLIB_LIBS)
all: qemu-img
BINS += qemu-img

# ---- firmware ----
# Debian's firmware is copied beside the binaries (pc-bios/, searched after -L)
# so that a build folder, like an installed tree, is self-contained.
FIRMWARE_FILES := /usr/share/seabios/bios-256k.bin /usr/share/seabios/bios.bin \
                  /usr/share/seabios/vgabios-stdvga.bin
firmware:
	@mkdir -p pc-bios
	@for f in $(FIRMWARE_FILES); do \
	    if [ -r $$f ]; then cp -u $$f pc-bios/; \
	    else echo "note: $$f not found: install Debian's seabios package"; fi; \
	done

# bin/ and share/qemu/ under PREFIX; the binaries also look in ../share/qemu
# beside themselves, so the tree can be moved (a USB stick)
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/qemu
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	@if ls pc-bios/* >/dev/null 2>&1; then install -m 644 pc-bios/* $(DESTDIR)$(PREFIX)/share/qemu/; fi

# ---- tests ----
-include $(S)/tests/Makefile.include

check: all check-build
	$(S)/tests/run-tests.sh $(CURDIR)

bench: all bench-build
	$(S)/tests/bench/run-bench.sh $(CURDIR)

clean:
	rm -rf common $(TARGETS) $(BINS) tests pc-bios

.PHONY: all firmware install check check-build bench clean
-include $(shell find . -name '*.d' 2>/dev/null)
