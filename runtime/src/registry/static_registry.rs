//! [`StaticRegistry`]: endpoints from a fixed list (configuration), plus
//! whatever this process registers; no external service.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use super::{
    Endpoint, EndpointWatch, Endpoints, Lease, Registration, Registry, RegistryError,
    RegistryFuture, check_name, now_ms,
};

/// A registry that is a list in memory: [`watch`](Registry::watch) sees
/// the endpoints given to [`StaticRegistry::new`] and those registered
/// through this value (or its clones) while their lease lives.
#[derive(Debug, Clone, Default)]
pub struct StaticRegistry {
    services: Arc<Mutex<HashMap<String, watch::Sender<Endpoints>>>>,
}

impl StaticRegistry {
    /// A registry holding `endpoints` (of any services).
    pub fn new(endpoints: impl IntoIterator<Item = Endpoint>) -> StaticRegistry {
        let registry = StaticRegistry::default();
        for endpoint in endpoints {
            registry.add(endpoint);
        }
        registry
    }

    /// Adds (or replaces, by id) an endpoint.
    pub fn add(&self, endpoint: Endpoint) {
        self.update(&endpoint.service.clone(), |list| {
            list.retain(|e| e.id != endpoint.id);
            list.push(endpoint);
        });
    }

    /// Removes the endpoint `id` of `service`.
    pub fn remove(&self, service: &str, id: &str) {
        self.update(service, |list| list.retain(|e| e.id != id));
    }

    fn sender(&self, service: &str) -> watch::Sender<Endpoints> {
        let mut services = self
            .services
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        services
            .entry(service.to_owned())
            .or_insert_with(|| watch::channel(Arc::new(Vec::new())).0)
            .clone()
    }

    fn update(&self, service: &str, change: impl FnOnce(&mut Vec<Endpoint>)) {
        self.sender(service).send_modify(|endpoints| {
            let mut list = endpoints.as_ref().clone();
            change(&mut list);
            list.sort_by(|a, b| a.id.cmp(&b.id));
            *endpoints = Arc::new(list);
        });
    }
}

struct StaticLease {
    registry: StaticRegistry,
    service: String,
    id: String,
}

impl Lease for StaticLease {
    fn end(&self) -> RegistryFuture<'_, Result<(), RegistryError>> {
        self.end_in_background();
        Box::pin(std::future::ready(Ok(())))
    }

    fn end_in_background(&self) {
        self.registry.remove(&self.service, &self.id);
    }
}

impl Registry for StaticRegistry {
    fn register(
        &self,
        mut endpoint: Endpoint,
    ) -> RegistryFuture<'_, Result<Registration, RegistryError>> {
        let checked = check_name("service name", &endpoint.service)
            .and_then(|()| check_name("instance id", &endpoint.id));
        Box::pin(async move {
            checked?;
            endpoint.registration_time_ms = now_ms();
            self.add(endpoint.clone());
            let lease = StaticLease {
                registry: self.clone(),
                service: endpoint.service.clone(),
                id: endpoint.id.clone(),
            };
            Ok(Registration::new(endpoint, Box::new(lease)))
        })
    }

    fn watch(&self, service: &str) -> EndpointWatch {
        self.sender(service).subscribe()
    }
}
