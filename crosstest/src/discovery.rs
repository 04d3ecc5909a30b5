//! `--registry zk://HOST:PORT[/base]`: `cross-server` registers itself as
//! `ThriftTest` in ZooKeeper (Curator's layout) once it accepts
//! connections; `cross-client` discovers `ThriftTest` there and calls
//! through the runtime's discovering, balancing channel.

use std::time::Duration;

use thriftgen_runtime::WireProtocol;
use thriftgen_runtime::nonblocking::ClientConfig;
use thriftgen_runtime::registry::{
    AsyncDiscoveringChannel, DiscoveringChannel, DiscoveryConfig, Endpoint, FramedConnector,
    MultiplexedConnector, Registration, Registry, ZooKeeperConfig, ZooKeeperRegistry, block_on,
};

use crate::SERVICE_NAME;
use crate::cli::{Args, Protocol};

/// The registry a `--registry` URL names.
pub fn registry(url: &str) -> Result<ZooKeeperRegistry, String> {
    let config = ZooKeeperConfig::from_url(url)
        .map_err(|e| e.to_string())?
        .session_timeout(Duration::from_secs(4));
    ZooKeeperRegistry::start(config).map_err(|e| e.to_string())
}

fn wire_protocol(protocol: Protocol) -> WireProtocol {
    match protocol {
        Protocol::Binary => WireProtocol::Binary,
        Protocol::Compact => WireProtocol::Compact,
    }
}

/// What a server listening at `args.host:port` registers.
pub fn endpoint(args: &Args, port: u16) -> Endpoint {
    Endpoint::new(SERVICE_NAME, args.host.clone(), port)
        .protocol(wire_protocol(args.protocol))
        .transport(args.transport.nonblocking())
        .metadata("multiplexed", args.multiplexed.to_string())
}

/// Registers from blocking code; keep both values alive while serving.
pub fn register_blocking(
    url: &str,
    args: &Args,
    port: u16,
) -> Result<(ZooKeeperRegistry, Registration), String> {
    let registry = registry(url)?;
    let registration = block_on(registry.register(endpoint(args, port)))
        .and_then(|registered| registered)
        .map_err(|e| format!("cannot register in {url}: {e}"))?;
    Ok((registry, registration))
}

/// A blocking channel over the live `service` endpoints (framed only:
/// the built-in per-endpoint connector speaks framed).
pub fn channel(
    registry: &ZooKeeperRegistry,
    multiplexed: Option<&str>,
) -> DiscoveringChannel<FramedConnector> {
    let connector = FramedConnector {
        multiplexed: multiplexed.map(str::to_owned),
        call_timeout: Some(Duration::from_secs(30)),
        ..FramedConnector::default()
    };
    let config = DiscoveryConfig::default().wait_for_endpoint(Duration::from_secs(10));
    DiscoveringChannel::new(
        SERVICE_NAME,
        registry.watch(SERVICE_NAME),
        config,
        connector,
    )
}

/// An async channel over the live `ThriftTest` endpoints: one
/// multiplexing connection per endpoint, protocol and transport as each
/// endpoint registered them.
pub fn async_channel(
    registry: &ZooKeeperRegistry,
    multiplexed: Option<&str>,
) -> AsyncDiscoveringChannel<MultiplexedConnector> {
    let mut config = ClientConfig::default().call_timeout(Some(Duration::from_secs(30)));
    if let Some(service) = multiplexed {
        config = config.multiplexed(service);
    }
    AsyncDiscoveringChannel::new(
        SERVICE_NAME,
        registry.watch(SERVICE_NAME),
        DiscoveryConfig::default().wait_for_endpoint(Duration::from_secs(10)),
        MultiplexedConnector { config },
    )
}
