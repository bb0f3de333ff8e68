//! Binding, layers, serving and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use arc_swap::ArcSwap;
use std::time::Duration;

use axum::body::Body;
use http::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};
use tokio::task::JoinHandle;
use tower::Service;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::cache::HotCache;
use crate::clock::Clock;
use crate::config::{EdgeConfig, StorageConfig, StorageKind};
use crate::error::ConfigError;
use crate::state::{AppState, Keys};
use crate::store::local::LocalStore;
use crate::store::s3::{S3Config, S3Store};
use crate::store::Store;
use crate::{redact, routes};

/// Opens the configured store (creating the local directory).
pub async fn open_store(storage: &StorageConfig) -> Result<Arc<dyn Store>, ConfigError> {
    let err = |e: crate::store::StoreError| ConfigError(e.to_string());
    Ok(match storage.kind {
        StorageKind::Local => {
            let path = storage
                .path
                .as_ref()
                .ok_or_else(|| ConfigError("storage.path is required".into()))?;
            Arc::new(LocalStore::open(path).map_err(err)?)
        }
        StorageKind::S3 => {
            let bucket = storage
                .bucket
                .clone()
                .ok_or_else(|| ConfigError("storage.bucket is required".into()))?;
            let cfg = S3Config::from_env_with(
                bucket,
                storage.endpoint.clone(),
                storage.region.clone(),
                storage.prefix.clone(),
            );
            Arc::new(S3Store::new(cfg).map_err(err)?)
        }
    })
}

/// A bound, not yet serving, edge.
pub struct Edge {
    listener: TcpListener,
    state: Arc<AppState>,
    addr: SocketAddr,
    header_read_timeout: Duration,
}

impl Edge {
    /// Opens the store, prepares every key, binds `config.listen`.
    pub async fn bind(config: &EdgeConfig, clock: Arc<dyn Clock>) -> Result<Edge, ConfigError> {
        let store = open_store(&config.storage).await?;
        Edge::bind_with_store(config, store, clock).await
    }

    /// [`Edge::bind`] with a store opened by the caller (tests, or a custom
    /// [`Store`]); `config.storage` is not read. A [`ConfigError`] when a
    /// key does not parse or the address cannot be bound.
    pub async fn bind_with_store(
        config: &EdgeConfig,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
    ) -> Result<Edge, ConfigError> {
        let keys = Keys::from_config(config)?;
        let listener = TcpListener::bind(&config.listen)
            .await
            .map_err(|e| ConfigError(format!("cannot listen on {}: {e}", config.listen)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| ConfigError(e.to_string()))?;
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_string();
        let state = Arc::new(AppState {
            keys: ArcSwap::from_pointee(keys),
            cache: HotCache::new(&config.cache, store.exclusive()),
            store,
            clock,
            public_url,
            max_upload_bytes: config.limits.max_upload_bytes,
            transforms: Semaphore::new(config.limits.transform_concurrency.max(1)),
        });
        Ok(Edge {
            listener,
            state,
            addr,
            header_read_timeout: Duration::from_secs(config.limits.header_read_timeout_secs.max(1)),
        })
    }

    /// The bound address (the actual port when `listen` asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The state the routes share (keys, store, cache, clock).
    pub fn state(&self) -> Arc<AppState> {
        self.state.clone()
    }

    /// Serves until `shutdown` resolves, then lets requests in flight finish.
    pub async fn serve<F>(self, shutdown: F) -> std::io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let app = routes::router(self.state)
            .layer(CatchPanicLayer::new())
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|req: &Request<Body>| {
                        let id = req
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::debug_span!("request", id = %id, method = %req.method(), uri = %redact::uri(req.uri()))
                    })
                    .on_response(DefaultOnResponse::new().level(Level::DEBUG)),
            )
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(SetRequestIdLayer::x_request_id(
                crate::request_id::MakeRequestCounter::default(),
            ));
        let mut make = app.into_make_service_with_connect_info::<SocketAddr>();
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(self.header_read_timeout);
        let graceful = GracefulShutdown::new();
        tokio::pin!(shutdown);
        loop {
            let (tcp, remote) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(conn) => conn,
                    Err(e) => {
                        // Out of descriptors or a connection reset before
                        // accept: keep serving the others.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            let _ = tcp.set_nodelay(true);
            let service = match make.call(remote).await {
                Ok(service) => service,
                Err(never) => match never {},
            };
            let conn = http.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
            let conn = graceful.watch(conn);
            tokio::spawn(async move {
                // A client that goes away or is too slow ends its own connection only.
                let _ = conn.await;
            });
        }
        drop(self.listener);
        graceful.shutdown().await;
        Ok(())
    }

    /// Serves on the current runtime in the background.
    pub fn spawn(self) -> EdgeHandle {
        let (tx, rx) = oneshot::channel::<()>();
        let addr = self.addr;
        let state = self.state.clone();
        let task = tokio::spawn(self.serve(async {
            let _ = rx.await;
        }));
        EdgeHandle {
            addr,
            state,
            shutdown: Some(tx),
            task,
        }
    }
}

/// A running edge (from [`Edge::spawn`]).
pub struct EdgeHandle {
    /// The bound address.
    pub addr: SocketAddr,
    /// The state the routes share.
    pub state: Arc<AppState>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl EdgeHandle {
    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Swaps in the projects and keys of `config` (secret rotation).
    pub fn reload(&self, config: &EdgeConfig) -> Result<(), ConfigError> {
        self.state.reload(config)
    }

    /// Graceful stop: requests in flight finish.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}
