/*
 * Produces the GSM 06.10 reference vectors in src/test/resources/gsm with libgsm (Debian: libgsm1-dev), which passes
 * the ETSI test sequences:
 *
 *   cc -O2 -o gsmref gsmref.c -lgsm
 *   ./gsmref encode < x.pcm > x.gsm     (16-bit little-endian mono PCM, 160 samples per frame -> 33-byte frames)
 *   ./gsmref decode < x.gsm > x.out     (33-byte frames -> 16-bit little-endian PCM)
 */
#include <gsm.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    gsm g = gsm_create();
    if (argc != 2 || g == NULL) {
        fprintf(stderr, "usage: gsmref encode|decode < in > out\n");
        return 2;
    }
    if (strcmp(argv[1], "encode") == 0) {
        unsigned char le[320];
        gsm_signal pcm[160];
        gsm_frame frame;
        while (fread(le, 1, sizeof le, stdin) == sizeof le) {
            for (int i = 0; i < 160; i++) {
                pcm[i] = (gsm_signal) (le[2 * i] | (le[2 * i + 1] << 8));
            }
            gsm_encode(g, pcm, frame);
            fwrite(frame, 1, sizeof frame, stdout);
        }
    } else if (strcmp(argv[1], "decode") == 0) {
        gsm_frame frame;
        gsm_signal pcm[160];
        unsigned char le[320];
        while (fread(frame, 1, sizeof frame, stdin) == sizeof frame) {
            if (gsm_decode(g, frame, pcm) < 0) {
                fprintf(stderr, "bad frame\n");
                return 1;
            }
            for (int i = 0; i < 160; i++) {
                le[2 * i] = (unsigned char) pcm[i];
                le[2 * i + 1] = (unsigned char) (pcm[i] >> 8);
            }
            fwrite(le, 1, sizeof le, stdout);
        }
    } else {
        fprintf(stderr, "usage: gsmref encode|decode < in > out\n");
        return 2;
    }
    gsm_destroy(g);
    return 0;
}
