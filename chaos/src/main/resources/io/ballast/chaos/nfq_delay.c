/*
 * nfq_delay: added latency for the chaos suite. The kernel has no netem, so packets are queued to user space
 * (iptables "-j NFQUEUE --queue-num N --queue-bypass": this kernel has no nft queue) and this program gives each one the verdict NF_ACCEPT once its delay has elapsed.
 * Raw netlink (NETLINK_NETFILTER), no libnetfilter_queue.
 *
 *   nfq_delay QUEUE_NUM DELAY_MILLIS MAX_RUN_SECONDS MAX_PACKETS
 *
 * Fixed delay, so the held packets form a FIFO and one batch verdict (every id up to the last due one)
 * releases them in order. Only packet metadata is copied (NFQNL_COPY_META); GSO packets are queued whole.
 * Bounded: at most MAX_PACKETS held (the kernel queue has the same limit), exits after MAX_RUN_SECONDS, on
 * SIGTERM/SIGINT/SIGHUP, and when stdin reaches end of file (its owner died: stdin must be a pipe from it).
 * On exit every held packet is accepted first (closing the socket would drop them).
 * Overload never turns delay into loss: the queue is fail-open (a full kernel queue, or a message the
 * socket buffer cannot take (ENOBUFS), lets the packet through undelayed) and the counts are printed.
 * stdout: one line "ready queue=N" once bound; stderr: errors and the final counters.
 * Exit status: 0 done, 1 error, 2 usage, 3 the queue could not be bound (e.g. another process owns it).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RECV_BUFFER_BYTES 65536
#define SOCKET_BUFFER_BYTES (8 * 1024 * 1024)
#define MESSAGES_PER_WAKE_MAX 1024
#define BIND_REPLY_WAIT_MILLIS 5000

struct held {
    uint32_t id;
    uint64_t due_nanos;
};

struct ring {
    struct held *slots;
    uint32_t capacity;
    uint32_t head;
    uint32_t count;
};

struct counters {
    unsigned long long packets;
    unsigned long long released;
    unsigned long long overflow;
    unsigned long long enobufs;
    unsigned long long verdict_errors;
    uint32_t held_max;
};

struct request {
    _Alignas(struct nlmsghdr) char bytes[256];
    size_t length;
};

static volatile sig_atomic_t stop_signal;
static uint32_t sequence;

static void on_signal(int signal_number) {
    stop_signal = signal_number;
}

/*
 * A stop signal is delivered only when ppoll returns EINTR; when ppoll returns ready descriptors instead (Java's
 * Process.destroy() closes our stdin right after the SIGTERM) it stays pending and blocked: look at both.
 */
static int stop_requested(void) {
    sigset_t pending;
    if (stop_signal != 0) {
        return 1;
    }
    if (sigpending(&pending) != 0) {
        return 0;
    }
    return sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1
            || sigismember(&pending, SIGHUP) == 1;
}

static uint64_t now_nanos(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        perror("nfq_delay: clock_gettime");
        exit(1);
    }
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static long parse(const char *text, long min, long max, const char *name) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || end == text || value < min || value > max) {
        fprintf(stderr, "nfq_delay: %s must be an integer in [%ld, %ld], got '%s'\n", name, min, max, text);
        exit(2);
    }
    return value;
}

static void begin(struct request *r, uint16_t type, uint16_t flags, uint16_t queue) {
    memset(r, 0, sizeof *r);
    struct nlmsghdr *header = (struct nlmsghdr *) r->bytes;
    header->nlmsg_type = (NFNL_SUBSYS_QUEUE << 8) | type;
    header->nlmsg_flags = NLM_F_REQUEST | flags;
    header->nlmsg_seq = ++sequence;
    struct nfgenmsg *family = NLMSG_DATA(header);
    family->nfgen_family = AF_UNSPEC;
    family->version = NFNETLINK_V0;
    family->res_id = htons(queue);
    r->length = NLMSG_LENGTH(sizeof *family);
    header->nlmsg_len = (uint32_t) r->length;
}

static void put(struct request *r, uint16_t type, const void *data, size_t size) {
    size_t at = NLMSG_ALIGN(r->length);
    if (at + NLA_HDRLEN + NLA_ALIGN(size) > sizeof r->bytes) {
        fprintf(stderr, "nfq_delay: netlink request too long\n");
        exit(1);
    }
    struct nlattr *attribute = (struct nlattr *) (r->bytes + at);
    attribute->nla_type = type;
    attribute->nla_len = (uint16_t) (NLA_HDRLEN + size);
    memcpy((char *) attribute + NLA_HDRLEN, data, size);
    r->length = at + NLA_ALIGN(attribute->nla_len);
    ((struct nlmsghdr *) r->bytes)->nlmsg_len = (uint32_t) r->length;
}

static int send_request(int fd, const struct request *r) {
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    ssize_t sent = sendto(fd, r->bytes, r->length, 0, (struct sockaddr *) &kernel, sizeof kernel);
    return sent == (ssize_t) r->length ? 0 : -1;
}

/* Binds the queue and waits for the kernel's acknowledgement: 0, or the negative errno it reported. */
static int bind_queue(int fd, uint16_t queue, uint32_t max_packets) {
    struct request r;
    begin(&r, NFQNL_MSG_CONFIG, NLM_F_ACK, queue);
    struct nfqnl_msg_config_cmd command = {.command = NFQNL_CFG_CMD_BIND, .pf = htons(AF_INET)};
    put(&r, NFQA_CFG_CMD, &command, sizeof command);
    struct nfqnl_msg_config_params params = {.copy_range = htonl(0), .copy_mode = NFQNL_COPY_META};
    put(&r, NFQA_CFG_PARAMS, &params, sizeof params);
    uint32_t max_length = htonl(max_packets);
    put(&r, NFQA_CFG_QUEUE_MAXLEN, &max_length, sizeof max_length);
    uint32_t flags = htonl(NFQA_CFG_F_FAIL_OPEN | NFQA_CFG_F_GSO);
    put(&r, NFQA_CFG_FLAGS, &flags, sizeof flags);
    put(&r, NFQA_CFG_MASK, &flags, sizeof flags);
    uint32_t bind_sequence = sequence;
    if (send_request(fd, &r) != 0) {
        perror("nfq_delay: send bind");
        return -errno;
    }
    _Alignas(struct nlmsghdr) char reply[RECV_BUFFER_BYTES];
    for (int attempt = 0; attempt < 16; attempt++) {
        struct pollfd ready = {.fd = fd, .events = POLLIN};
        if (poll(&ready, 1, BIND_REPLY_WAIT_MILLIS) <= 0) {
            fprintf(stderr, "nfq_delay: no reply to the bind request\n");
            return -ETIMEDOUT;
        }
        ssize_t length = recv(fd, reply, sizeof reply, 0);
        if (length < 0) {
            perror("nfq_delay: recv bind reply");
            return -errno;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *) reply; NLMSG_OK(h, length); h = NLMSG_NEXT(h, length)) {
            if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_seq == bind_sequence) {
                return ((struct nlmsgerr *) NLMSG_DATA(h))->error;
            }
        }
    }
    return -EPROTO;
}

/* Accepts every held packet with an id up to and including last_id (they are all due: FIFO). */
static void release_through(int fd, uint16_t queue, uint32_t last_id, struct counters *c) {
    struct request r;
    begin(&r, NFQNL_MSG_VERDICT_BATCH, 0, queue);
    struct nfqnl_msg_verdict_hdr verdict = {.verdict = htonl(NF_ACCEPT), .id = htonl(last_id)};
    put(&r, NFQA_VERDICT_HDR, &verdict, sizeof verdict);
    if (send_request(fd, &r) != 0) {
        c->verdict_errors++;
        perror("nfq_delay: send verdict");
    }
}

static void accept_now(int fd, uint16_t queue, uint32_t id, struct counters *c) {
    struct request r;
    begin(&r, NFQNL_MSG_VERDICT, 0, queue);
    struct nfqnl_msg_verdict_hdr verdict = {.verdict = htonl(NF_ACCEPT), .id = htonl(id)};
    put(&r, NFQA_VERDICT_HDR, &verdict, sizeof verdict);
    if (send_request(fd, &r) != 0) {
        c->verdict_errors++;
        perror("nfq_delay: send verdict");
    }
}

static void release_due(int fd, uint16_t queue, struct ring *ring, uint64_t now, struct counters *c) {
    uint32_t last_id = 0;
    uint32_t released = 0;
    while (ring->count > 0 && ring->slots[ring->head].due_nanos <= now) {
        last_id = ring->slots[ring->head].id;
        ring->head = (ring->head + 1) % ring->capacity;
        ring->count--;
        released++;
    }
    if (released > 0) {
        release_through(fd, queue, last_id, c);
        c->released += released;
    }
}

static int packet_id(const struct nlmsghdr *h, uint32_t *id) {
    const size_t offset = NLMSG_ALIGN(sizeof(struct nfgenmsg));
    if (h->nlmsg_len < NLMSG_LENGTH(offset)) {
        return -1;
    }
    const char *attributes = (const char *) NLMSG_DATA(h) + offset;
    size_t remaining = h->nlmsg_len - NLMSG_LENGTH(offset);
    while (remaining >= NLA_HDRLEN) {
        const struct nlattr *a = (const struct nlattr *) attributes;
        if (a->nla_len < NLA_HDRLEN || a->nla_len > remaining) {
            return -1;
        }
        if ((a->nla_type & NLA_TYPE_MASK) == NFQA_PACKET_HDR
                && a->nla_len >= NLA_HDRLEN + sizeof(struct nfqnl_msg_packet_hdr)) {
            struct nfqnl_msg_packet_hdr header;
            memcpy(&header, attributes + NLA_HDRLEN, sizeof header);
            *id = ntohl(header.packet_id);
            return 0;
        }
        size_t step = NLA_ALIGN(a->nla_len);
        if (step >= remaining) {
            break;
        }
        attributes += step;
        remaining -= step;
    }
    return -1;
}

static void hold(int fd, uint16_t queue, struct ring *ring, uint32_t id, uint64_t due, struct counters *c) {
    c->packets++;
    if (ring->count == ring->capacity) {
        c->overflow++;
        accept_now(fd, queue, id, c);
        return;
    }
    ring->slots[(ring->head + ring->count) % ring->capacity] = (struct held) {.id = id, .due_nanos = due};
    ring->count++;
    if (ring->count > c->held_max) {
        c->held_max = ring->count;
    }
}

/* Reads every queued message without blocking (bounded per wake-up); each packet is held until now + delay. */
static int receive(int fd, uint16_t queue, struct ring *ring, uint64_t delay_nanos, struct counters *c) {
    _Alignas(struct nlmsghdr) static char buffer[RECV_BUFFER_BYTES];
    for (int message = 0; message < MESSAGES_PER_WAKE_MAX; message++) {
        ssize_t length = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (length < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                return 0;
            }
            if (errno == ENOBUFS) {
                c->enobufs++; /* those packets were let through by fail-open; keep going */
                continue;
            }
            perror("nfq_delay: recv");
            return -1;
        }
        uint64_t due = now_nanos() + delay_nanos;
        for (struct nlmsghdr *h = (struct nlmsghdr *) buffer; NLMSG_OK(h, length); h = NLMSG_NEXT(h, length)) {
            uint32_t id;
            if (h->nlmsg_type == ((NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET) && packet_id(h, &id) == 0) {
                hold(fd, queue, ring, id, due, c);
            } else if (h->nlmsg_type == NLMSG_ERROR && ((struct nlmsgerr *) NLMSG_DATA(h))->error != 0) {
                c->verdict_errors++;
                fprintf(stderr, "nfq_delay: kernel error %d\n", ((struct nlmsgerr *) NLMSG_DATA(h))->error);
            }
        }
    }
    return 0;
}

/* stdin is a pipe from the owning process: end of file (or a hang-up) means the owner is gone. */
static int owner_gone(const struct pollfd *owner) {
    if (owner->revents & (POLLHUP | POLLERR | POLLNVAL)) {
        return 1;
    }
    if (owner->revents & POLLIN) {
        char discard[256];
        ssize_t n = read(STDIN_FILENO, discard, sizeof discard);
        return n <= 0;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: nfq_delay QUEUE_NUM DELAY_MILLIS MAX_RUN_SECONDS MAX_PACKETS\n");
        return 2;
    }
    uint16_t queue = (uint16_t) parse(argv[1], 0, 65535, "QUEUE_NUM");
    uint64_t delay_nanos = (uint64_t) parse(argv[2], 1, 60000, "DELAY_MILLIS") * 1000000ull;
    uint64_t run_nanos = (uint64_t) parse(argv[3], 1, 86400, "MAX_RUN_SECONDS") * 1000000000ull;
    uint32_t max_packets = (uint32_t) parse(argv[4], 16, 65536, "MAX_PACKETS");

    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGHUP);
    sigprocmask(SIG_BLOCK, &blocked, NULL); /* delivered only inside ppoll: no lost wake-up */
    struct sigaction action = {.sa_handler = on_signal};
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigset_t during_poll;
    sigemptyset(&during_poll);

    struct ring ring = {.slots = calloc(max_packets, sizeof(struct held)), .capacity = max_packets};
    if (ring.slots == NULL) {
        fprintf(stderr, "nfq_delay: out of memory\n");
        return 1;
    }
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
    if (fd < 0) {
        perror("nfq_delay: socket(AF_NETLINK, NETLINK_NETFILTER)");
        return 1;
    }
    int buffer_bytes = SOCKET_BUFFER_BYTES;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer_bytes, sizeof buffer_bytes) != 0) {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
    }
    struct sockaddr_nl local = {.nl_family = AF_NETLINK};
    if (bind(fd, (struct sockaddr *) &local, sizeof local) != 0) {
        perror("nfq_delay: bind netlink socket");
        return 1;
    }
    int bound = bind_queue(fd, queue, max_packets);
    if (bound != 0) {
        fprintf(stderr, "nfq_delay: binding queue %u refused: %s\n", queue, strerror(-bound));
        return 3;
    }
    printf("ready queue=%u\n", queue);
    fflush(stdout);

    struct counters c = {0};
    uint64_t deadline = now_nanos() + run_nanos;
    const char *reason = "max run time";
    int status = 0;
    for (;;) {
        uint64_t now = now_nanos();
        release_due(fd, queue, &ring, now, &c);
        if (stop_requested()) {
            reason = "signal";
            break;
        }
        if (now >= deadline) {
            break;
        }
        uint64_t wake = deadline;
        if (ring.count > 0 && ring.slots[ring.head].due_nanos < wake) {
            wake = ring.slots[ring.head].due_nanos;
        }
        uint64_t wait = wake > now ? wake - now : 0;
        struct timespec timeout = {.tv_sec = (time_t) (wait / 1000000000ull), .tv_nsec = (long) (wait % 1000000000ull)};
        struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
        int ready = ppoll(fds, 2, &timeout, &during_poll);
        if (ready < 0 && errno != EINTR) {
            perror("nfq_delay: ppoll");
            reason = "error";
            status = 1;
            break;
        }
        if (stop_requested()) {
            reason = "signal";
            break;
        }
        if (ready > 0 && owner_gone(&fds[1])) {
            reason = "owner gone";
            break;
        }
        if (ready > 0 && (fds[0].revents & POLLIN) && receive(fd, queue, &ring, delay_nanos, &c) != 0) {
            reason = "error";
            status = 1;
            break;
        }
    }
    release_due(fd, queue, &ring, UINT64_MAX, &c);
    fprintf(stderr, "nfq_delay: queue=%u exit=%s packets=%llu released=%llu overflow=%llu enobufs=%llu"
            " verdict_errors=%llu held_max=%u\n", queue, reason, c.packets, c.released, c.overflow, c.enobufs,
            c.verdict_errors, c.held_max);
    close(fd);
    free(ring.slots);
    return status;
}
