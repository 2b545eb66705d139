/*
 * scicodecs' own declaration of the Jetraw SDK's status type, written by the scicodecs authors from
 * the signatures in imagecodecs' documentation of the SDK (shared/spec/imagecodecs-behaviour.md,
 * section 9.1). It is not Dotphoton's header, which is proprietary and not available to this
 * project. Only what the bindings need is declared.
 *
 * dp_status is an enum in the SDK. Only dp_success (0) has the same value in every SDK version;
 * the other members are numbered differently from one version to the next, so scicodecs declares
 * none of them and turns every other value into text with dp_status_description().
 */
#ifndef SCICODECS_DP_STATUS_H
#define SCICODECS_DP_STATUS_H

typedef enum dp_status {
    dp_success = 0
} dp_status;

#endif
