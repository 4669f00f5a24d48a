/*
 * lwiprun harness: drives the real lwIP core (NO_SYS=1, raw API) on a host,
 * in simulated time, and prints what it did as key=value lines. Written for
 * lwiplint's tests; no lwIP code is copied here.
 *
 *   harness SCENARIO [ARG...]
 *
 * One netif carries both IP versions. Its output functions decode every TCP
 * segment lwIP sends and drop it; the scenario answers by building segments
 * and passing them to ip_input, as a driver would. Time moves in slow ticks:
 * tick() calls tcp_tmr() twice, lwIP's own timer function, which runs
 * tcp_fasttmr() on every call and tcp_slowtmr() on every second, so one
 * tick() is one tcp_slowtmr(). "syn-silent-ms" instead runs lwIP's timeouts
 * (sys_check_timeouts) one simulated millisecond at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/opt.h"
#include "lwip/init.h"
#include "lwip/ip.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "lwip/priv/tcp_priv.h"

/* Simulated time for sys_now (NO_SYS=1 needs it from the port). */
static u32_t now_ms;
u32_t sys_now(void) { return now_ms; }

#define PEER_ISN 1000u
#define LOCAL_PORT 80
#define PEER_PORT 40000

static struct netif nif;
static ip_addr_t local4, peer4, local6, peer6;
static long ticks;

/* What lwIP sent, decoded. */
struct seg {
  int family;
  u16_t sport, dport;
  u32_t seq, ack;
  u8_t flags;
  int len; /* payload bytes */
  int mss; /* MSS option, -1 when absent */
};

#define MAXSEGS 64
static struct seg sent[MAXSEGS]; /* the first MAXSEGS segments */
static int nsent;               /* all segments sent */
static struct seg last;         /* the last one */
static int nsyn, nsynack, ndata, nrst, nempty;

static u32_t get32(const u8_t *p) { return ((u32_t)p[0] << 24) | ((u32_t)p[1] << 16) | ((u32_t)p[2] << 8) | p[3]; }
static u16_t get16(const u8_t *p) { return (u16_t)((p[0] << 8) | p[1]); }

static void record(int family, const u8_t *tcp, int tcplen) {
  struct seg s;
  int hlen = (tcp[12] >> 4) * 4, i;
  memset(&s, 0, sizeof s);
  s.family = family;
  s.sport = get16(tcp);
  s.dport = get16(tcp + 2);
  s.seq = get32(tcp + 4);
  s.ack = get32(tcp + 8);
  s.flags = tcp[13];
  s.len = tcplen - hlen;
  s.mss = -1;
  for (i = 20; i < hlen;) {
    u8_t kind = tcp[i];
    if (kind == 0) break;
    if (kind == 1) { i++; continue; }
    if (i + 1 >= hlen || tcp[i + 1] < 2) break;
    if (kind == 2 && tcp[i + 1] == 4) s.mss = get16(tcp + i + 2);
    i += tcp[i + 1];
  }
  if (s.flags & TCP_SYN) { if (s.flags & TCP_ACK) nsynack++; else nsyn++; }
  if (s.flags & TCP_RST) nrst++;
  if (s.len > 0) ndata++;
  if (s.len == 0 && !(s.flags & (TCP_SYN | TCP_FIN | TCP_RST))) nempty++;
  if (nsent < MAXSEGS) sent[nsent] = s;
  nsent++;
  last = s;
}

static u8_t frame[2048];

static err_t out4(struct netif *n, struct pbuf *p, const ip4_addr_t *dst) {
  int len = pbuf_copy_partial(p, frame, sizeof frame, 0), ihl;
  LWIP_UNUSED_ARG(n); LWIP_UNUSED_ARG(dst);
  ihl = (frame[0] & 15) * 4;
  if (len > ihl && frame[9] == IP_PROTO_TCP) record(4, frame + ihl, get16(frame + 2) - ihl);
  return ERR_OK; /* dropped */
}

static err_t out6(struct netif *n, struct pbuf *p, const ip6_addr_t *dst) {
  int len = pbuf_copy_partial(p, frame, sizeof frame, 0);
  LWIP_UNUSED_ARG(n); LWIP_UNUSED_ARG(dst);
  if (len > 40 && frame[6] == IP_PROTO_TCP) record(6, frame + 40, get16(frame + 4));
  return ERR_OK;
}

static u16_t mtu = 1500;

static err_t nif_init(struct netif *n) {
  n->output = out4;
  n->output_ip6 = out6;
  n->mtu = mtu;
#if LWIP_ND6_ALLOW_RA_UPDATES && (LWIP_VERSION_MAJOR > 2 || LWIP_VERSION_MINOR >= 1)
  /* netif.mtu6 came with 2.1.0; 2.0.x has only mtu. */
  n->mtu6 = mtu;
#endif
  n->flags = NETIF_FLAG_BROADCAST;
  n->name[0] = 'h';
  n->name[1] = 'n';
  return ERR_OK;
}

/* The Internet checksum (RFC 1071) of the pseudo header and segment. */
static u16_t csum(const u8_t *pseudo, int plen, const u8_t *data, int len) {
  u32_t sum = 0;
  int i;
  for (i = 0; i + 1 < plen; i += 2) sum += get16(pseudo + i);
  for (i = 0; i + 1 < len; i += 2) sum += get16(data + i);
  if (len & 1) sum += (u32_t)data[len - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (u16_t)~sum;
}

static void put16(u8_t *p, u16_t v) { p[0] = (u8_t)(v >> 8); p[1] = (u8_t)v; }
static void put32(u8_t *p, u32_t v) { put16(p, (u16_t)(v >> 16)); put16(p + 2, (u16_t)v); }

static int family = 4;

/* inject builds a segment from the peer (PEER_PORT unless sport says
 * otherwise) to the local port and passes it to ip_input. */
static void inject(u16_t sport, u16_t dport, u32_t seq, u32_t ack, u8_t flags, int mss, int dlen) {
  u8_t pkt[1600], pseudo[40];
  u8_t *tcp;
  int ihl = family == 4 ? 20 : 40, thl = mss > 0 ? 24 : 20, tlen = thl + dlen, total = ihl + tlen;
  struct pbuf *p;
  memset(pkt, 0, sizeof pkt);
  memset(pseudo, 0, sizeof pseudo);
  tcp = pkt + ihl;
  put16(tcp, sport);
  put16(tcp + 2, dport);
  put32(tcp + 4, seq);
  put32(tcp + 8, ack);
  tcp[12] = (u8_t)((thl / 4) << 4);
  tcp[13] = flags;
  put16(tcp + 14, 65535);
  if (mss > 0) { tcp[20] = 2; tcp[21] = 4; put16(tcp + 22, (u16_t)mss); }
  memset(tcp + thl, 'x', dlen);
  if (family == 4) {
    pkt[0] = 0x45;
    put16(pkt + 2, (u16_t)total);
    pkt[8] = 64;
    pkt[9] = IP_PROTO_TCP;
    memcpy(pkt + 12, &ip_2_ip4(&peer4)->addr, 4);
    memcpy(pkt + 16, &ip_2_ip4(&local4)->addr, 4);
    put16(pkt + 10, csum(pkt, 0, pkt, 20));
    memcpy(pseudo, pkt + 12, 8);
    pseudo[9] = IP_PROTO_TCP;
    put16(pseudo + 10, (u16_t)tlen);
    put16(tcp + 16, csum(pseudo, 12, tcp, tlen));
  } else {
    pkt[0] = 0x60;
    put16(pkt + 4, (u16_t)tlen);
    pkt[6] = IP_PROTO_TCP;
    pkt[7] = 64;
    memcpy(pkt + 8, ip_2_ip6(&peer6)->addr, 16);
    memcpy(pkt + 24, ip_2_ip6(&local6)->addr, 16);
    memcpy(pseudo, pkt + 8, 32);
    put32(pseudo + 32, (u32_t)tlen);
    pseudo[39] = IP_PROTO_TCP;
    put16(tcp + 16, csum(pseudo, 40, tcp, tlen));
  }
  p = pbuf_alloc(PBUF_RAW, (u16_t)total, PBUF_RAM);
  if (p == NULL) { printf("error=pbuf_alloc failed\n"); exit(2); }
  pbuf_take(p, pkt, (u16_t)total);
  if (nif.input(p, &nif) != ERR_OK) pbuf_free(p);
}

/* tick runs one slow tick; an event inside it happens at tick ticks. */
static void tick(void) {
  ticks++;
  tcp_tmr();
  tcp_tmr();
}

/* find returns the PCB with these ports on list, or NULL. */
static struct tcp_pcb *find(struct tcp_pcb *list, u16_t lport, u16_t rport) {
  for (; list != NULL; list = list->next)
    if (list->local_port == lport && list->remote_port == rport) return list;
  return NULL;
}

/* The application side of a connection. */
static int nerr, last_err = 1, connected, naccepted, naccept_err;
static long err_tick = -1;

static void on_err(void *arg, err_t err) {
  LWIP_UNUSED_ARG(arg);
  nerr++;
  last_err = err;
  err_tick = ticks;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err) {
  LWIP_UNUSED_ARG(arg); LWIP_UNUSED_ARG(pcb); LWIP_UNUSED_ARG(err);
  connected = 1;
  return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err) {
  LWIP_UNUSED_ARG(arg); LWIP_UNUSED_ARG(err);
  if (p != NULL) {
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
  }
  return ERR_OK;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err) {
  LWIP_UNUSED_ARG(arg);
  if (pcb == NULL || err != ERR_OK) { /* 2.1+: no PCB for a new SYN */
    naccept_err++;
    return ERR_MEM;
  }
  naccepted++;
  tcp_err(pcb, on_err);
  tcp_recv(pcb, on_recv);
  return ERR_OK;
}

static const ip_addr_t *peer(void) { return family == 4 ? &peer4 : &peer6; }

/* client connects to the peer. With answer >= 0 the peer answers the
 * (answer+1)-th SYN with a SYN-ACK, so that answer SYN retransmissions
 * are spent first; the connection is then ESTABLISHED. */
static struct tcp_pcb *client(int answer, long limit) {
  struct tcp_pcb *pcb = tcp_new_ip_type(family == 4 ? IPADDR_TYPE_V4 : IPADDR_TYPE_V6);
  u16_t port;
  if (pcb == NULL) { printf("error=tcp_new failed\n"); exit(2); }
  tcp_err(pcb, on_err);
  tcp_recv(pcb, on_recv);
  if (tcp_connect(pcb, peer(), LOCAL_PORT, on_connected) != ERR_OK) { printf("error=tcp_connect failed\n"); exit(2); }
  port = pcb->local_port;
  if (answer < 0) return pcb;
  while (nsyn < answer + 1 && nerr == 0 && ticks < limit) tick();
  if (nsyn != answer + 1) { printf("error=SYN %d never sent\n", answer + 1); exit(2); }
  inject(LOCAL_PORT, port, PEER_ISN, last.seq + 1, TCP_SYN | TCP_ACK, 1460, 0);
  if (!connected) { printf("error=not connected\n"); exit(2); }
  return pcb;
}

static long arg_long(int argc, char **argv, int i, long def) {
  return i < argc ? strtol(argv[i], NULL, 0) : def;
}

static void print_common(void) {
  printf("segments=%d\nsyns=%d\nsynacks=%d\ndata_segments=%d\nrsts=%d\nempty_segments=%d\n",
         nsent, nsyn, nsynack, ndata, nrst, nempty);
  printf("errors=%d\n", nerr);
  if (nerr) printf("err=%d\nerr_tick=%ld\n", last_err, err_tick);
}

/* Each scenario prints its results; the limit bounds simulated time. */
static const long LIMIT = 2000000L;

static void syn_silent(void) {
  client(-1, LIMIT);
  while (nerr == 0 && ticks < LIMIT) tick();
  printf("give_up_tick=%ld\n", ticks);
}

/* syn_silent_ms runs lwIP's timeouts every simulated millisecond; the
 * connect happens phase ms after lwIP starts, with an earlier connection
 * (to another silent port) already running the TCP timer when warm is 1. */
static void syn_silent_ms(long phase, long warm) {
  struct tcp_pcb *first = NULL;
  u32_t start;
  if (warm) {
    first = tcp_new_ip_type(IPADDR_TYPE_V4);
    tcp_connect(first, peer(), LOCAL_PORT + 1, NULL);
  }
  while ((long)now_ms < phase) { now_ms++; sys_check_timeouts(); }
  client(-1, LIMIT);
  start = now_ms;
  while (err_tick < 0 && now_ms < 100000000u) {
    now_ms++;
    sys_check_timeouts();
    if (nerr && err_tick < 0) err_tick = 0;
    if (nerr) break;
  }
  printf("give_up_ms=%lu\n", (unsigned long)(now_ms - start));
  LWIP_UNUSED_ARG(first);
}

static void data_give_up(long synretries) {
  struct tcp_pcb *pcb = client((int)synretries, LIMIT);
  long start;
  int before = ndata;
  tcp_write(pcb, "0123456789", 10, TCP_WRITE_FLAG_COPY);
  tcp_output(pcb);
  start = ticks;
  while (nerr == 0 && ticks - start < LIMIT) tick();
  printf("give_up_tick=%ld\ndata_retransmissions=%d\n", ticks - start, ndata - before - 1);
}

static void rst_syn_sent(long delta) {
  struct tcp_pcb *pcb = client(-1, LIMIT);
  u16_t port = pcb->local_port;
  inject(LOCAL_PORT, port, 0, last.seq + (u32_t)delta, TCP_RST | TCP_ACK, 0, 0);
  printf("reset=%d\n", nerr > 0 && last_err == ERR_RST);
  printf("still_syn_sent=%d\n", find(tcp_active_pcbs, port, LOCAL_PORT) != NULL);
}

static void mss(void) {
  client(-1, LIMIT);
  printf("syn_mss=%d\n", sent[0].mss);
}

/* established_client returns a connection that has nothing in flight. */
static struct tcp_pcb *established_client(void) { return client(0, LIMIT); }

static void time_wait(void) {
  struct tcp_pcb *pcb = established_client();
  u16_t port = pcb->local_port;
  long start;
  u32_t fin;
  tcp_close(pcb);
  fin = last.seq; /* our FIN */
  /* The peer acknowledges the FIN and sends its own. */
  inject(LOCAL_PORT, port, PEER_ISN + 1, fin + 1, TCP_FIN | TCP_ACK, 0, 0);
  if (find(tcp_tw_pcbs, port, LOCAL_PORT) == NULL) { printf("error=not in TIME_WAIT\n"); exit(2); }
  start = ticks;
  while (find(tcp_tw_pcbs, port, LOCAL_PORT) != NULL && ticks - start < LIMIT) tick();
  printf("time_wait_ticks=%ld\n", ticks - start);
}

static void fin_wait_2(int shut_wr_only, long limit) {
  struct tcp_pcb *pcb = established_client();
  u16_t port = pcb->local_port;
  long start;
  if (shut_wr_only) tcp_shutdown(pcb, 0, 1); else tcp_close(pcb);
  inject(LOCAL_PORT, port, PEER_ISN + 1, last.seq + 1, TCP_ACK, 0, 0);
  pcb = find(tcp_active_pcbs, port, LOCAL_PORT);
  if (pcb == NULL || pcb->state != FIN_WAIT_2) { printf("error=not in FIN_WAIT_2\n"); exit(2); }
  start = ticks;
  while (find(tcp_active_pcbs, port, LOCAL_PORT) != NULL && ticks - start < limit) tick();
  if (find(tcp_active_pcbs, port, LOCAL_PORT) != NULL) printf("fin_wait_2_ticks=-1\n");
  else printf("fin_wait_2_ticks=%ld\n", ticks - start);
}

static void keepalive(void) {
  struct tcp_pcb *pcb = established_client();
  long start;
  int before;
  ip_set_option(pcb, SOF_KEEPALIVE);
  before = nsent;
  start = ticks;
  while (nerr == 0 && ticks - start < LIMIT) tick();
  /* The abort sends an RST after the probes. */
  printf("keepalive_ticks=%ld\nprobes=%d\n", ticks - start, nsent - before - (last.flags & TCP_RST ? 1 : 0));
}

static struct tcp_pcb *listener(void) {
  struct tcp_pcb *l = tcp_new_ip_type(family == 4 ? IPADDR_TYPE_V4 : IPADDR_TYPE_V6);
  tcp_bind(l, IP_ANY_TYPE, LOCAL_PORT);
  l = tcp_listen(l);
  if (l == NULL) { printf("error=tcp_listen failed\n"); exit(2); }
  tcp_accept(l, on_accept);
  return l;
}

static void syn_rcvd(void) {
  long start;
  listener();
  inject(PEER_PORT, LOCAL_PORT, 5000, 0, TCP_SYN, 1460, 0);
  if (find(tcp_active_pcbs, LOCAL_PORT, PEER_PORT) == NULL) { printf("error=no SYN_RCVD pcb\n"); exit(2); }
  start = ticks;
  while (find(tcp_active_pcbs, LOCAL_PORT, PEER_PORT) != NULL && ticks - start < LIMIT) tick();
  printf("syn_rcvd_ticks=%ld\nsynack_retransmissions=%d\n", ticks - start, nsynack - 1);
}

/* pool_full opens connections from the peer until no SYN-ACK comes back
 * (the PCB pool is full) or max are open, then sends one more SYN and
 * reports what happened to it and to the open connections. */
static void pool_full(long max) {
  int i, open = 0, synacks = 0, rsts = 0, errs = 0, full = 0;
  listener();
  for (i = 0; i < max; i++) {
    synacks = nsynack, rsts = nrst, errs = nerr;
    inject((u16_t)(PEER_PORT + i), LOCAL_PORT, 5000, 0, TCP_SYN, 1460, 0);
    if (nsynack == synacks || nerr > errs) { full = 1; break; }
    inject((u16_t)(PEER_PORT + i), LOCAL_PORT, 5001, last.seq + 1, TCP_ACK, 0, 0);
    open++;
  }
  printf("established=%d\naccepted=%d\npool_full=%d\n", open, naccepted, full);
  if (full) {
    /* The SYN that found the pool full. */
    printf("new_syn_answered=%d\nnew_syn_reset=%d\nevicted=%d\naccept_errors=%d\n",
           nsynack > synacks, nrst > rsts, nerr - errs, naccept_err);
  }
}

int main(int argc, char **argv) {
  const char *sc = argc > 1 ? argv[1] : "";
  ip4_addr_t a, m, g;
  s8_t idx;
  if (argc > 2 && strcmp(argv[argc - 1], "ipv6") == 0) { family = 6; argc--; }
  if (strcmp(sc, "mss") == 0) mtu = (u16_t)arg_long(argc, argv, 2, 1500);
  lwip_init();
  IP4_ADDR(&a, 10, 0, 0, 1);
  IP4_ADDR(&m, 255, 255, 255, 0);
  IP4_ADDR(&g, 10, 0, 0, 254);
  ipaddr_aton("10.0.0.1", &local4);
  ipaddr_aton("10.0.0.2", &peer4);
  ipaddr_aton("2001:db8::1", &local6);
  ipaddr_aton("2001:db8::2", &peer6);
  netif_add(&nif, &a, &m, &g, NULL, nif_init, ip_input);
  netif_add_ip6_address(&nif, ip_2_ip6(&local6), &idx);
  netif_ip6_addr_set_state(&nif, idx, IP6_ADDR_PREFERRED);
  netif_set_default(&nif);
  netif_set_up(&nif);
  netif_set_link_up(&nif);
  nsent = nsyn = nsynack = ndata = nrst = nempty = 0; /* MLD or ND on link up */

  printf("lwip_version=%d\n", LWIP_VERSION_MAJOR * 10000 + LWIP_VERSION_MINOR * 100 + LWIP_VERSION_REVISION);
  printf("family=%d\n", family);
  if (strcmp(sc, "syn-silent") == 0) syn_silent();
  else if (strcmp(sc, "syn-silent-ms") == 0) syn_silent_ms(arg_long(argc, argv, 2, 0), arg_long(argc, argv, 3, 0));
  else if (strcmp(sc, "data-give-up") == 0) data_give_up(arg_long(argc, argv, 2, 0));
  else if (strcmp(sc, "rst-syn-sent") == 0) rst_syn_sent(arg_long(argc, argv, 2, 1));
  else if (strcmp(sc, "mss") == 0) mss();
  else if (strcmp(sc, "time-wait") == 0) time_wait();
  else if (strcmp(sc, "fin-wait-2") == 0) fin_wait_2(0, LIMIT);
  else if (strcmp(sc, "fin-wait-2-shut-wr") == 0) fin_wait_2(1, arg_long(argc, argv, 2, 100000));
  else if (strcmp(sc, "keepalive") == 0) keepalive();
  else if (strcmp(sc, "syn-rcvd") == 0) syn_rcvd();
  else if (strcmp(sc, "pool-full") == 0) pool_full(arg_long(argc, argv, 2, 256));
  else { fprintf(stderr, "harness: unknown scenario %s\n", sc); return 2; }
  print_common();
  /* lwIP's own values of the options, for the tests' expectations. */
  printf("tcp_slow_interval=%d\ntcp_tmr_interval=%d\n", TCP_SLOW_INTERVAL, TCP_TMR_INTERVAL);
  printf("memp_num_tcp_pcb=%d\nmemp_mem_malloc=%d\n", MEMP_NUM_TCP_PCB, MEMP_MEM_MALLOC);
  printf("tcp_mss=%d\ntcp_synmaxrtx=%d\ntcp_maxrtx=%d\n", TCP_MSS, TCP_SYNMAXRTX, TCP_MAXRTX);
  printf("tcp_msl=%ld\ntcp_fin_wait_timeout=%ld\ntcp_syn_rcvd_timeout=%ld\n", (long)TCP_MSL, (long)TCP_FIN_WAIT_TIMEOUT, (long)TCP_SYN_RCVD_TIMEOUT);
  printf("tcp_keepidle_default=%ld\ntcp_keepintvl_default=%ld\ntcp_keepcnt_default=%ld\n",
         (long)TCP_KEEPIDLE_DEFAULT, (long)TCP_KEEPINTVL_DEFAULT, (long)TCP_KEEPCNT_DEFAULT);
  return 0;
}
