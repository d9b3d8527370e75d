#ifndef CALIPER_CCURL_SHIM_H
#define CALIPER_CCURL_SHIM_H

// curl_easy_setopt and curl_multi_setopt are C variadics, which Swift cannot call: typed wrappers.
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

static inline CURLcode caliper_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode caliper_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode caliper_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*caliper_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode caliper_easy_setopt_write(CURL *handle, CURLoption option, caliper_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLMcode caliper_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

static inline CURLcode caliper_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode caliper_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
