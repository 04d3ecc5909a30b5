/**
 * The example service used throughout the README.
 */
namespace rs ping

service RemotePingService {
    /** Sends `length` bytes' worth of ping; returns when the server has seen it. */
    void ping(1: i32 length)
}
