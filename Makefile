# socklab: one flat Makefile. Every program is built next to its source
# (tcp/tcp_server.c -> tcp/tcp_server) and links common/libcommon.a.
#
#   make                 build everything
#   make check           build, then run every test (C unit tests and bats suites)
#   make demo            run the labs' core exchanges on loopback
#   make exercices       build the students' C files in exercices/ (skeletons to complete)
#   make man             write man/PROGRAM.1 from each program's --help
#   make install         install the programs and their manual pages
#                        (PREFIX=/usr/local, DESTDIR= for staged installs)
#   make lint            static analysis: cppcheck and clang-tidy (.clang-tidy)
#   make check VALGRIND=1  run the servers under valgrind (TESTS=... for a subset)
#   make fuzz            fuzz the RPC decoders (clang + libFuzzer), FUZZ_TIME=60 s each
#   make clean           remove what the build made
#   CC=clang make        build with clang
#   make SANITIZE=1      build with AddressSanitizer and UndefinedBehaviorSanitizer

CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Icommon
LDLIBS  += -lm
ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

# --- what gets built, one line per lab folder -------------------------------
COMMON_OBJS = common/args.o common/addr.o common/report.o common/io.o common/socktable.o \
              common/addrinuse.o common/listen.o common/fdclock.o
TCP_PROGS   = tcp/tcp_server tcp/tcp_client tcp/tcp_chat_server tcp/tcp_chat_client tcp/tcp_echo_server
UDP_PROGS   = udp/udp_server udp/udp_client
IPV6_PROGS  = ipv6/tcp6_server ipv6/tcp6_client ipv6/udp6_server ipv6/udp6_client
RPC_LIB_OBJS = rpc/xdr.o rpc/rpc_msg.o rpc/rpc_rec.o rpc/rpc_transport.o rpc/rpc_dispatch.o \
               rpc/rpc_client.o rpc/clnt_perror.o rpc/rpc_server.o rpc/svc_vc.o rpc/svc_dg.o \
               rpc/svc_listen.o rpc/svc_table.o rpc/pmap_prot.o rpc/pmap_clnt.o \
               common/fdclock.o   # also in libcommon.a: librpc.a links alone
# rpc_portmap's table (pmap_table.c) and its rpcbind versions 3 and 4 and
# CALLIT (rpcbind.c): see its rule below.
PORTMAP_OBJS = rpc/pmap_table.o rpc/rpcbind.o
RPC_PROGS   = rpc/expediteur rpc/recepteur rpc/rpc_portmap rpc/rpc_arith_server rpc/rpc_arith_client rpc/rpc_info
# TP3's slides: the classic API (callrpc, registerrpc, svc_run, XDR) on the
# runtime, rpc/librpcclassic.a, and the slides' server and client built on it.
CLASSIC_OBJS = rpc/classic/xdr_classic.o rpc/classic/callrpc.o rpc/classic/svc_simple.o
TP3_PROGS   = labs/tp3/serveur labs/tp3/client
# TP3's RPyC service and client (Python): the handout's, and labcheck's peers
# for rpyc.serveur and rpyc.client, installed beside it.
RPYC_PEERS  = labs/tp3/arith_rpyc_server.py labs/tp3/arith_rpyc_client.py
UNIT_TESTS  = tests/unit/xdr_test tests/unit/rec_test tests/unit/msg_test tests/unit/runtime_test \
              tests/unit/tirpc_test tests/unit/wireshark_test tests/unit/socktable_test
# tirpc_test uses libtirpc as a test-only oracle, when libtirpc-dev is installed.
TIRPC       = $(wildcard /usr/include/tirpc/rpc/rpc.h)
tests/unit/tirpc_test: private CFLAGS += $(if $(TIRPC),-I/usr/include/tirpc -D_DEFAULT_SOURCE -DHAVE_TIRPC)
tests/unit/tirpc_test: private LDLIBS += $(if $(TIRPC),-ltirpc)

BENCH_PROGS = bench/loadgen bench/echo_limit
# tools/: cross-lab tools. sockwatch: the ladder and the timeline (issue 16).
TOOLS_PROGS = tools/sockwatch
SOCKWATCH_OBJS = tools/pcap.o tools/pcapng.o tools/packet.o tools/ladder.o tools/timeline.o tools/capture.o

# labcheck: one program in several files (labcheck/labcheck.h says which does what).
LABCHECK_OBJS = labcheck/labcheck.o labcheck/run.o labcheck/netns.o labcheck/observe.o \
                labcheck/verdict.o labcheck/steps.o labcheck/check_tp1.o labcheck/check_tp2.o \
                labcheck/check_ipv6.o labcheck/check_chat.o labcheck/check_tp3.o labcheck/batch.o \
                labcheck/privs.o labcheck/box.o labcheck/limits.o labcheck/platform.o \
                labcheck/check_rpyc.o labcheck/keyboard.o labcheck/child.o labcheck/notes.o \
                labcheck/report.o

PROGRAMS = $(TCP_PROGS) $(UDP_PROGS) $(IPV6_PROGS) $(RPC_PROGS) $(BENCH_PROGS) $(TOOLS_PROGS) labcheck/labcheck

# The students' files (exercices/README.md): each one a single .c file that
# stands alone (no common/), built with the project's flags. Not part of
# `all`: a half-written exercise must not break the toolkit's build.
EXERCICES = exercices/tp1/serveur exercices/tp1/client exercices/chat/serveur \
            exercices/chat/client exercices/tp2/serveur exercices/tp2/client \
            exercices/ipv6/serveur exercices/ipv6/client
# TP3's (exercices/tp3/): the slides' server and client on the classic API,
# built as labs/tp3/serveur and client are (their answer keys), with the
# folder's xdr_exemple.c; the rpcgen exercise on libtirpc (rpcgen's code
# calls svc_register, clnt_create... that rpc/classic has not), built only
# where rpcgen and libtirpc-dev are.
EXERCICES_TP3 = exercices/tp3/serveur exercices/tp3/client
RPCGEN_DIR  = exercices/tp3/rpcgen
RPCGEN      = $(shell command -v rpcgen 2>/dev/null)
EXERCICES_RPCGEN = $(if $(and $(RPCGEN),$(TIRPC)),$(RPCGEN_DIR)/arith_server)

all: $(PROGRAMS) $(TP3_PROGS)

# The socket labs (tcp/, udp/, ipv6/) and common/ see common/'s headers only:
# a socket lab that includes the RPC library does not build. What uses the RPC
# library is given rpc/ too.
$(RPC_LIB_OBJS) $(PORTMAP_OBJS) $(RPC_PROGS) $(CLASSIC_OBJS) $(TP3_PROGS) $(BENCH_PROGS) bench/measure.o $(UNIT_TESTS): private CFLAGS += -Irpc

common/libcommon.a: $(COMMON_OBJS)
	$(AR) rcs $@ $^

rpc/librpc.a: $(RPC_LIB_OBJS)
	$(AR) rcs $@ $^

rpc/librpcclassic.a: $(CLASSIC_OBJS)
	$(AR) rcs $@ $^

# The slides' `#include <rpc/rpc.h>` resolves to rpc/classic/rpc/rpc.h.
$(CLASSIC_OBJS): private CFLAGS += -Irpc/classic
$(TP3_PROGS): %: %.c labs/tp3/xdr_exemple.c labs/tp3/exemple.h rpc/librpcclassic.a rpc/librpc.a
	$(CC) $(CFLAGS) -Irpc/classic $(LDFLAGS) -o $@ $< labs/tp3/xdr_exemple.c \
	    rpc/librpcclassic.a rpc/librpc.a $(LDLIBS)

# Pattern rule (Beej's): each program is one .c file plus the libraries.
$(TCP_PROGS) $(UDP_PROGS) $(IPV6_PROGS): %: %.c common/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< common/libcommon.a $(LDLIBS)

# The chat's two programs share their session, tcp/chat.c (poll() on stdin and
# the socket): linked into both, before libcommon.a, which it uses.
CHAT_OBJS = tcp/chat.o
tcp/tcp_chat_server tcp/tcp_chat_client: $(CHAT_OBJS) tcp/chat.h
tcp/tcp_chat_server tcp/tcp_chat_client: LDLIBS := $(CHAT_OBJS) common/libcommon.a $(LDLIBS)
$(CHAT_OBJS): .buildflags tcp/chat.h common/common.h

$(RPC_PROGS): %: %.c rpc/librpc.a common/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< rpc/librpc.a common/libcommon.a $(LDLIBS)

# rpc_portmap's lesson is rpc/rpc_portmap.c (version 2); its table is
# rpc/pmap_table.c, and rpcbind's versions 3 and 4 and CALLIT are
# rpc/rpcbind.c, both linked into it alone.
rpc/rpc_portmap: $(PORTMAP_OBJS) rpc/pmap_table.h rpc/rpcbind.h
rpc/rpc_portmap: LDLIBS := $(PORTMAP_OBJS) rpc/librpc.a common/libcommon.a $(LDLIBS)
$(PORTMAP_OBJS): .buildflags $(wildcard rpc/*.h common/*.h)

$(BENCH_PROGS): %: %.c bench/measure.o rpc/librpc.a common/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< bench/measure.o rpc/librpc.a common/libcommon.a $(LDLIBS)

tools/sockwatch: tools/sockwatch.c $(SOCKWATCH_OBJS) common/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(SOCKWATCH_OBJS) common/libcommon.a $(LDLIBS)
$(SOCKWATCH_OBJS): .buildflags $(wildcard tools/*.h) common/common.h common/socktable.h
labcheck/labcheck: $(LABCHECK_OBJS) rpc/librpc.a common/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(LABCHECK_OBJS) rpc/librpc.a common/libcommon.a $(LDLIBS)
$(LABCHECK_OBJS): .buildflags labcheck/labcheck.h common/socktable.h common/common.h
labcheck/check_tp3.o: private CFLAGS += -Irpc
labcheck/check_tp3.o: rpc/rpc_client.h

$(UNIT_TESTS): %: %.c rpc/librpc.a common/libcommon.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< rpc/librpc.a common/libcommon.a $(LDLIBS)

%.o: %.c
	$(CC) $(CFLAGS) -c -o $@ $<

# Rebuild everything when the compiler or the flags change (make SANITIZE=1
# after a plain make must not mix objects).
BUILDFLAGS := $(CC) $(CFLAGS) $(LDFLAGS)
.buildflags: FORCE
	@echo '$(BUILDFLAGS)' | cmp -s - $@ || echo '$(BUILDFLAGS)' > $@
$(COMMON_OBJS) $(RPC_LIB_OBJS) bench/measure.o $(PROGRAMS) $(UNIT_TESTS): .buildflags
$(CLASSIC_OBJS) $(TP3_PROGS): .buildflags $(wildcard rpc/*.h rpc/classic/*.h rpc/classic/rpc/*.h)
$(COMMON_OBJS) $(RPC_LIB_OBJS) $(PROGRAMS) $(UNIT_TESTS): $(wildcard common/*.h rpc/*.h)
$(TOOLS_PROGS): $(wildcard tools/*.h)
bench/measure.o $(BENCH_PROGS): bench/measure.h

# make check: as root, first installs the test peers that are missing
# (tests/peers.txt, one apt-get line; nothing when all are there), then builds
# (in a second make: the libtirpc oracle is seen once installed) and tests.
check:
	@tests/deps.sh install
	@$(MAKE) --no-print-directory check-run

check-run: all $(UNIT_TESTS)
	@UNIT_TESTS='$(UNIT_TESTS)' VALGRIND='$(VALGRIND)' tests/run.sh

# Static analysis of every program and library source; any finding fails.
# (-D__CPPCHECK__: cppcheck 2.10 does not parse _Generic; common.h then shows
# it sl_traced(CALL) as plain CALL, as it does for clang's analyzer.)
LINT_SOURCES = $(wildcard common/*.c tcp/*.c udp/*.c ipv6/*.c rpc/*.c rpc/classic/*.c labs/tp3/*.c tools/*.c labcheck/*.c)
LINT_FLAGS   = -std=c11 -D_POSIX_C_SOURCE=200809L -Icommon -Irpc -Irpc/classic
lint:
	cppcheck -q --std=c11 --enable=warning,portability,performance --error-exitcode=1 \
	    --inline-suppr -D__CPPCHECK__ -D_POSIX_C_SOURCE=200809L -Icommon -Irpc -Irpc/classic $(LINT_SOURCES)
	clang-tidy --quiet $(LINT_SOURCES) -- $(LINT_FLAGS)

demo: all
	@labs/demo.sh

exercices: $(EXERCICES) $(EXERCICES_TP3) $(EXERCICES_RPCGEN)
	@$(if $(EXERCICES_RPCGEN),:,echo "make: $(RPCGEN_DIR) not built: it needs rpcgen (rpcsvc-proto) and libtirpc-dev")

$(EXERCICES): %: %.c
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

$(EXERCICES_TP3): %: %.c exercices/tp3/xdr_exemple.c exercices/tp3/exemple.h rpc/librpcclassic.a rpc/librpc.a
	$(CC) $(CFLAGS) -Irpc/classic $(LDFLAGS) -o $@ $< exercices/tp3/xdr_exemple.c \
	    rpc/librpcclassic.a rpc/librpc.a $(LDLIBS)

# rpcgen writes arith.h, arith_svc.c, arith_clnt.c and arith_xdr.c beside
# arith.x, as a student runs it; the student's file is built with the
# project's flags, rpcgen's own code without -Werror (it is not theirs).
$(RPCGEN_DIR)/arith.h: $(RPCGEN_DIR)/arith.x
	cd $(RPCGEN_DIR) && rm -f arith.h arith_svc.c arith_clnt.c arith_xdr.c && rpcgen arith.x
$(RPCGEN_DIR)/arith_server: $(RPCGEN_DIR)/arith_server.c $(RPCGEN_DIR)/arith.h
	$(CC) $(CFLAGS) -D_DEFAULT_SOURCE -I/usr/include/tirpc -c -o $@.o $<
	$(CC) -O2 -g -D_DEFAULT_SOURCE -I/usr/include/tirpc $(LDFLAGS) -o $@ $(RPCGEN_DIR)/arith_svc.c \
	    $(RPCGEN_DIR)/arith_xdr.c $@.o -ltirpc -lm

# Manual pages: one source, each program's --help (man/mkman.sh).
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
MAN_PAGES = $(addprefix man/,$(addsuffix .1,$(notdir $(PROGRAMS))))

man: all
	@sh man/mkman.sh $(PROGRAMS)

install: all man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/
	install -m 755 $(RPYC_PEERS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/

# make bench: socklab's servers beside socat, a minimal loop and libtirpc
# (docs/PERFORMANCE.md); BENCH_SECONDS, BENCH_RUNS and BENCH_BULK set its length.
bench:
	@tests/deps.sh install
	@$(MAKE) --no-print-directory all
	@bench/bench.sh

# make fuzz: the RPC decoders under libFuzzer (clang), FUZZ_TIME seconds each.
FUZZ_TIME ?= 60
fuzz:
	@FUZZ_TIME=$(FUZZ_TIME) TESTS=tests/fuzz.bats tests/run.sh

clean:
	rm -f $(PROGRAMS) $(UNIT_TESTS) $(CHAT_OBJS) $(PORTMAP_OBJS) common/*.o common/*.a rpc/*.o rpc/*.a bench/*.o tools/*.o labcheck/*.o .buildflags
	rm -f $(TP3_PROGS) rpc/classic/*.o labs/tp3/*-tirpc
	rm -f man/*.1
	rm -f $(EXERCICES) $(EXERCICES_TP3)
	rm -f $(addprefix $(RPCGEN_DIR)/,arith_server arith_server.o arith.h arith_svc.c arith_clnt.c arith_xdr.c)

FORCE:
.PHONY: all check check-run demo exercices man install bench lint fuzz clean FORCE
