"""ThriftTest client in Python: calls every method with edge values, checks
every result, prints `N passed, M failed` and exits non-zero on any failure. With
--registry zk://HOST:PORT[/base] it lists <base>/ThriftTest in ZooKeeper
(kazoo) and calls an instance whose payload matches --protocol,
--transport and --multiplexed instead of --host/--port.
"""

import math
import struct
import sys
import time

import cross_common as common

ARGS = common.parse_args(__doc__)

from thrift.Thrift import TApplicationException  # noqa: E402
from thrift.protocol.TMultiplexedProtocol import TMultiplexedProtocol  # noqa: E402
from thrift.transport import TSocket  # noqa: E402
from ThriftTest import SecondService, ThriftTest  # noqa: E402
from ThriftTest.ttypes import (  # noqa: E402
    Insanity,
    Numberz,
    Xception,
    Xception2,
    Xtruct,
    Xtruct2,
)

I8 = (-(2**7), 2**7 - 1)
I32 = (-(2**31), 2**31 - 1)
I64 = (-(2**63), 2**63 - 1)
ONE_MIB = 1 << 20


class Checks:
    """Counts named checks; a check fails when it returns False or raises."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name, check):
        try:
            ok = check()
            detail = "" if ok else "unexpected result"
        except Exception as error:  # any failure of the call is a failed check
            ok = False
            detail = "%s: %s" % (type(error).__name__, error)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL %s: %s" % (name, detail), flush=True)

    def echo(self, name, call, value, same=lambda a, b: a == b):
        self.run(name, lambda: same(call(value), value))


def same_double(a, b):
    if math.isnan(b):
        return math.isnan(a)
    # Bit equality also tells 0.0 from -0.0.
    return struct.pack("<d", a) == struct.pack("<d", b)


def empty_insanity(value):
    return not value.userMap and not value.xtructs


def xtruct_fields(x):
    return (x.string_thing, x.byte_thing, x.i32_thing, x.i64_thing)


def check_insanity(client):
    argument = Insanity(
        userMap={Numberz.FIVE: 5, Numberz.EIGHT: 8},
        xtructs=[
            Xtruct("Goodbye4", 4, 4, 4),
            Xtruct("Hello2", 2, 2, 2),
        ],
    )
    result = client.testInsanity(argument)
    if sorted(result.keys()) != [1, 2]:
        return False
    first, second = result[1], result[2]
    return (
        sorted(first.keys()) == [Numberz.TWO, Numberz.THREE]
        and all(
            first[k].userMap == argument.userMap
            and [xtruct_fields(x) for x in first[k].xtructs]
            == [xtruct_fields(x) for x in argument.xtructs]
            for k in first
        )
        and list(second.keys()) == [Numberz.SIX]
        and empty_insanity(second[Numberz.SIX])
    )


def raises(call, exception_type, matches):
    try:
        call()
    except exception_type as error:
        return matches(error)
    return False


def run_checks(client, second):
    checks = Checks()
    checks.run("testVoid", lambda: client.testVoid() is None)
    for s in ["", "Test", "Iñtërnâtiônàlizætiøn ☃ 𝄞 日本語", "\0nul", "x" * ONE_MIB]:
        checks.echo("testString(len %d)" % len(s), client.testString, s)
    for b in [True, False]:
        checks.echo("testBool(%s)" % b, client.testBool, b)
    for v in [I8[0], -1, 0, 1, I8[1]]:
        checks.echo("testByte(%d)" % v, client.testByte, v)
    for v in [I32[0], -1, 0, 1, I32[1]]:
        checks.echo("testI32(%d)" % v, client.testI32, v)
    for v in [I64[0], -1, 0, 1, I64[1], 2**53 + 1]:
        checks.echo("testI64(%d)" % v, client.testI64, v)
    doubles = [0.0, -0.0, 1.5, -5.25, 5e-324, 1.7976931348623157e308,
               math.inf, -math.inf, math.nan]
    for v in doubles:
        checks.echo("testDouble(%r)" % v, client.testDouble, v, same_double)
    checks.echo("testBinary(every byte)", client.testBinary, bytes(range(256)))
    checks.echo("testBinary(empty)", client.testBinary, b"")
    checks.echo("testBinary(1 MiB)", client.testBinary, bytes(i % 251 for i in range(ONE_MIB)))

    xtruct = Xtruct("Zero", 1, -3, -5)
    checks.run("testStruct", lambda: xtruct_fields(client.testStruct(xtruct)) == xtruct_fields(xtruct))
    extremes = Xtruct("ünïcode", I8[0], I32[1], I64[0])
    checks.run("testStruct(extremes)",
               lambda: xtruct_fields(client.testStruct(extremes)) == xtruct_fields(extremes))
    nest = Xtruct2(byte_thing=1, struct_thing=xtruct, i32_thing=5)

    def nest_ok():
        got = client.testNest(nest)
        return (got.byte_thing, got.i32_thing, xtruct_fields(got.struct_thing)) == (
            1, 5, xtruct_fields(xtruct))
    checks.run("testNest", nest_ok)

    for m in [{}, {i: i - 10 for i in range(5)}, {I32[0]: I32[1], I32[1]: I32[0]},
              {i: i for i in range(10000)}]:
        checks.echo("testMap(%d entries)" % len(m), client.testMap, m)
    for m in [{}, {"a": "2", "b": "blah", "some": "thing"}, {"": "", "☃": "𝄞"}]:
        checks.echo("testStringMap(%d entries)" % len(m), client.testStringMap, m)
    for s in [set(), {-2, -1, 0, 1, 2}, {I32[0], I32[1]}, set(range(10000))]:
        checks.echo("testSet(%d elements)" % len(s), client.testSet, s)
    for lst in [[], [-2, -1, 0, 1, 2], [3, 3, 1, 1], list(range(100000))]:
        checks.echo("testList(%d elements)" % len(lst), client.testList, lst)
    for e in [Numberz.ONE, Numberz.TWO, Numberz.THREE, Numberz.FIVE, Numberz.SIX, Numberz.EIGHT]:
        checks.echo("testEnum(%d)" % e, client.testEnum, e)
    for v in [I64[0], 0, 309858235082523, I64[1]]:
        checks.echo("testTypedef(%d)" % v, client.testTypedef, v)

    checks.run("testMapMap", lambda: client.testMapMap(1) == {
        -4: {-4: -4, -3: -3, -2: -2, -1: -1},
        4: {1: 1, 2: 2, 3: 3, 4: 4},
    })
    checks.run("testInsanity", lambda: check_insanity(client))
    checks.run("testMulti", lambda: xtruct_fields(client.testMulti(
        I8[1], I32[0], I64[1], {1: "one", -1: ""}, Numberz.FIVE, 5)) == (
        "Hello2", I8[1], I32[0], I64[1]))

    checks.run("testException(Xception)", lambda: raises(
        lambda: client.testException("Xception"), Xception,
        lambda e: e.errorCode == 1001 and e.message == "Xception"))
    checks.run("testException(TException)", lambda: raises(
        lambda: client.testException("TException"), TApplicationException,
        lambda e: e.type == TApplicationException.INTERNAL_ERROR))
    checks.run("testException(success)", lambda: client.testException("success") is None)
    checks.run("testMultiException(Xception)", lambda: raises(
        lambda: client.testMultiException("Xception", "ignored"), Xception,
        lambda e: e.errorCode == 1001 and e.message == "This is an Xception"))
    checks.run("testMultiException(Xception2)", lambda: raises(
        lambda: client.testMultiException("Xception2", "ignored"), Xception2,
        lambda e: e.errorCode == 2002
        and e.struct_thing.string_thing == "This is an Xception2"))
    checks.run("testMultiException(success)", lambda: client.testMultiException(
        "Normal", "Hello").string_thing == "Hello")

    def oneway_returns_at_once():
        start = time.monotonic()
        client.testOneway(1)
        return time.monotonic() - start < 0.5
    checks.run("testOneway returns at once", oneway_returns_at_once)
    checks.run("call after testOneway", lambda: client.testI32(-1) == -1)
    if second is not None:
        checks.run("SecondService.secondtestString", lambda: second.secondtestString(
            "multiplexed") == 'testString("multiplexed")')
    return checks


def main():
    host, port = ARGS.host, ARGS.port
    if ARGS.registry:
        try:
            host, port = common.discover(ARGS.registry, ARGS)
        except LookupError as error:
            print("discovery failed: %s" % error, file=sys.stderr, flush=True)
            return 2
        print("discovered %s at %s:%d" % (common.SERVICE_NAME, host, port), flush=True)
    socket = TSocket.TSocket(host, port)
    socket.setTimeout(30000)
    transport = common.transport_factory(ARGS.transport).getTransport(socket)
    protocol = common.protocol_factory(ARGS.protocol).getProtocol(transport)
    second = None
    if ARGS.multiplexed:
        second = SecondService.Client(TMultiplexedProtocol(protocol, common.SECOND_SERVICE_NAME))
        protocol = TMultiplexedProtocol(protocol, common.SERVICE_NAME)
    transport.open()
    try:
        checks = run_checks(ThriftTest.Client(protocol), second)
    finally:
        transport.close()
    print("%d passed, %d failed" % (checks.passed, checks.failed), flush=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
