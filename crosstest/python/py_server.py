"""ThriftTest server in Python, behaving like Apache's test/py/TestServer.py.

Prints `listening on HOST:PORT` once it accepts connections; --port 0 binds
an ephemeral port and prints the real one. With --registry
zk://HOST:PORT[/base] it then registers as ThriftTest in ZooKeeper
(Curator's layout, kazoo) and prints `registered as ThriftTest in URL`;
the ephemeral znode goes with the process's session.
"""

import logging
import sys
import time

import cross_common as common

ARGS = common.parse_args(__doc__)

from thrift.TMultiplexedProcessor import TMultiplexedProcessor  # noqa: E402
from thrift.Thrift import TApplicationException  # noqa: E402
from thrift.server import TServer  # noqa: E402
from thrift.transport import TSocket  # noqa: E402
from ThriftTest import SecondService, ThriftTest  # noqa: E402
from ThriftTest.ttypes import Insanity, Numberz, Xception, Xception2, Xtruct  # noqa: E402


class TestHandler:
    def testVoid(self):
        pass

    def testString(self, thing):
        return thing

    def testBool(self, thing):
        return thing

    def testByte(self, thing):
        return thing

    def testI32(self, thing):
        return thing

    def testI64(self, thing):
        return thing

    def testDouble(self, thing):
        return thing

    def testBinary(self, thing):
        return thing

    def testStruct(self, thing):
        return thing

    def testNest(self, thing):
        return thing

    def testMap(self, thing):
        return thing

    def testStringMap(self, thing):
        return thing

    def testSet(self, thing):
        return thing

    def testList(self, thing):
        return thing

    def testEnum(self, thing):
        return thing

    def testTypedef(self, thing):
        return thing

    def testMapMap(self, hello):
        return {
            -4: {-4: -4, -3: -3, -2: -2, -1: -1},
            4: {4: 4, 3: 3, 2: 2, 1: 1},
        }

    def testInsanity(self, argument):
        return {
            1: {Numberz.TWO: argument, Numberz.THREE: argument},
            2: {Numberz.SIX: Insanity()},
        }

    def testMulti(self, arg0, arg1, arg2, arg3, arg4, arg5):
        return Xtruct(string_thing="Hello2", byte_thing=arg0, i32_thing=arg1, i64_thing=arg2)

    def testException(self, arg):
        if arg == "Xception":
            raise Xception(errorCode=1001, message=arg)
        if arg == "TException":
            raise TApplicationException(
                TApplicationException.INTERNAL_ERROR, "This is a TException"
            )

    def testMultiException(self, arg0, arg1):
        if arg0 == "Xception":
            raise Xception(errorCode=1001, message="This is an Xception")
        if arg0 == "Xception2":
            raise Xception2(
                errorCode=2002, struct_thing=Xtruct(string_thing="This is an Xception2")
            )
        return Xtruct(string_thing=arg1)

    def testOneway(self, secondsToSleep):
        time.sleep(secondsToSleep)


class SecondHandler:
    def secondtestString(self, thing):
        return 'testString("%s")' % thing


def processor():
    main = ThriftTest.Processor(TestHandler())
    if not ARGS.multiplexed:
        return main
    multiplexed = TMultiplexedProcessor()
    multiplexed.registerProcessor(common.SERVICE_NAME, main)
    multiplexed.registerProcessor(common.SECOND_SERVICE_NAME, SecondService.Processor(SecondHandler()))
    return multiplexed


def main():
    # The handler raises TApplicationException on purpose; keep stderr quiet.
    logging.basicConfig(level=logging.CRITICAL)
    server_socket = TSocket.TServerSocket(host=ARGS.host, port=ARGS.port)
    server_socket.listen()
    port = server_socket.handle.getsockname()[1]
    # TServer.serve() calls listen() again, which would bind a second socket.
    server_socket.listen = lambda: None
    server = TServer.TThreadedServer(
        processor(),
        server_socket,
        common.transport_factory(ARGS.transport),
        common.protocol_factory(ARGS.protocol),
        daemon=True,
    )
    print("listening on %s:%d" % (ARGS.host, port), flush=True)
    # The socket already listens, so a client that discovers us at once
    # waits in the backlog until serve() accepts.
    registration = None
    if ARGS.registry:
        registration = common.register(ARGS.registry, ARGS, port)
        print("registered as %s in %s" % (common.SERVICE_NAME, ARGS.registry), flush=True)
    try:
        server.serve()
    finally:
        if registration is not None:
            registration[0].stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
