//! Apache Curator's `ServiceInstance` JSON (curator-x-discovery's
//! `JsonInstanceSerializer`), what each instance znode holds:
//!
//! ```json
//! {"name":"ThriftTest","id":"6f1c…","address":"127.0.0.1","port":9090,
//!  "sslPort":null,
//!  "payload":{"@class":"java.util.LinkedHashMap","protocol":"binary",
//!             "transport":"framed","weight":1},
//!  "registrationTimeUTC":1764630000000,"serviceType":"DYNAMIC",
//!  "uriSpec":null,"enabled":true}
//! ```
//!
//! Curator types the payload by class name (`@class`), so a Java
//! `ServiceDiscovery<Map>` reads ours as a `LinkedHashMap`; metadata
//! entries sit beside `protocol`, `transport` and `weight`. Reading is
//! lenient: a missing or foreign payload means binary, framed, weight 1.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Endpoint, RegistryError};
use crate::WireProtocol;
use crate::nonblocking::Transport;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServiceInstance {
    name: String,
    id: String,
    address: String,
    #[serde(default)]
    port: Option<u16>,
    #[serde(default)]
    ssl_port: Option<u16>,
    #[serde(default)]
    payload: Value,
    #[serde(default, rename = "registrationTimeUTC")]
    registration_time_utc: i64,
    #[serde(default = "dynamic")]
    service_type: String,
    #[serde(default)]
    uri_spec: Value,
    #[serde(default = "enabled")]
    enabled: bool,
}

fn dynamic() -> String {
    "DYNAMIC".to_owned()
}

fn enabled() -> bool {
    true
}

/// The znode data for `endpoint`.
pub fn to_curator_json(endpoint: &Endpoint) -> Vec<u8> {
    let mut payload = serde_json::Map::new();
    payload.insert("@class".into(), "java.util.LinkedHashMap".into());
    for (key, value) in &endpoint.metadata {
        payload.insert(key.clone(), value.clone().into());
    }
    let protocol = match endpoint.protocol {
        WireProtocol::Binary => "binary",
        WireProtocol::Compact => "compact",
    };
    let transport = match endpoint.transport {
        Transport::Framed => "framed",
        Transport::Buffered => "buffered",
    };
    payload.insert("protocol".into(), protocol.into());
    payload.insert("transport".into(), transport.into());
    payload.insert("weight".into(), endpoint.weight.into());
    let instance = ServiceInstance {
        name: endpoint.service.clone(),
        id: endpoint.id.clone(),
        address: endpoint.host.clone(),
        port: Some(endpoint.port),
        ssl_port: None,
        payload: Value::Object(payload),
        registration_time_utc: endpoint.registration_time_ms,
        service_type: dynamic(),
        uri_spec: Value::Null,
        enabled: true,
    };
    // Serialising owned strings and numbers into a Vec cannot fail.
    serde_json::to_vec(&instance).unwrap_or_default()
}

/// Reads an instance znode; `Ok(None)` for a disabled instance or one
/// with no plain port (Curator allows an SSL port only).
pub fn from_curator_json(data: &[u8]) -> Result<Option<Endpoint>, RegistryError> {
    let instance: ServiceInstance = serde_json::from_slice(data)
        .map_err(|e| RegistryError::Invalid(format!("not a Curator ServiceInstance: {e}")))?;
    let Some(port) = instance.port.filter(|_| instance.enabled) else {
        return Ok(None);
    };
    let mut endpoint = Endpoint::new(instance.name, instance.address, port).id(instance.id);
    endpoint.registration_time_ms = instance.registration_time_utc;
    if let Value::Object(payload) = instance.payload {
        let mut metadata = BTreeMap::new();
        for (key, value) in payload {
            match (key.as_str(), value) {
                ("@class", _) => {}
                ("protocol", Value::String(p)) => {
                    endpoint.protocol = match p.to_ascii_lowercase().as_str() {
                        "compact" => WireProtocol::Compact,
                        _ => WireProtocol::Binary,
                    }
                }
                ("transport", Value::String(t)) => {
                    endpoint.transport = match t.to_ascii_lowercase().as_str() {
                        "buffered" => Transport::Buffered,
                        _ => Transport::Framed,
                    }
                }
                ("weight", value) => {
                    let weight = match &value {
                        Value::Number(n) => n.as_u64(),
                        Value::String(s) => s.parse().ok(),
                        _ => None,
                    };
                    endpoint.weight = weight.map_or(1, |w| w.min(u32::MAX as u64) as u32);
                }
                (_, Value::String(s)) => {
                    metadata.insert(key, s);
                }
                (_, other) => {
                    metadata.insert(key, other.to_string());
                }
            }
        }
        endpoint.metadata = metadata;
    }
    Ok(Some(endpoint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_curator_json() {
        let mut endpoint = Endpoint::new("Calc", "10.0.0.7", 9090)
            .id("a1")
            .protocol(WireProtocol::Compact)
            .weight(3)
            .metadata("zone", "eu");
        endpoint.registration_time_ms = 1234;
        let json = to_curator_json(&endpoint);
        let value: Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(value["serviceType"], "DYNAMIC");
        assert_eq!(value["payload"]["@class"], "java.util.LinkedHashMap");
        assert_eq!(value["payload"]["transport"], "framed");
        assert_eq!(value["registrationTimeUTC"], 1234);
        assert_eq!(from_curator_json(&json).unwrap(), Some(endpoint));
    }

    #[test]
    fn reads_what_curator_writes_and_refuses_garbage() {
        let java = br#"{"name":"test","id":"ca2f","address":"10.20.30.40","port":1234,
            "payload":"From Test","registrationTimeUTC":1325129459728,"serviceType":"STATIC"}"#;
        let endpoint = from_curator_json(java).unwrap().unwrap();
        assert_eq!(endpoint.address(), "10.20.30.40:1234");
        assert_eq!(endpoint.weight, 1);
        let ssl_only = br#"{"name":"t","id":"x","address":"h","sslPort":443}"#;
        assert_eq!(from_curator_json(ssl_only).unwrap(), None);
        assert!(from_curator_json(b"\xff{").is_err());
    }
}
