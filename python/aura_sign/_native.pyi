# Stubs for the compiled module; checked against it by `python -m mypy.stubtest aura_sign._native`.
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union, final


_Number = Union[int, float]

__all__ = [
    "AuraImage",
    "BunnySigner",
    "BunnyVerifier",
    "CloudFrontKey",
    "CloudFrontPublicKey",
    "CloudFrontSigner",
    "CloudFrontVerifier",
    "EdgeAuthSigner",
    "EdgeAuthVerifier",
    "ImgixClient",
    "ImgixVerifier",
    "CloudflareApi",
    "CloudflareAuth",
    "Done",
    "Exchange",
    "Outgoing",
    "ImagesSigner",
    "JwtKey",
    "KeyRing",
    "MAX_SERVE_TTL_SEC",
    "StreamKey",
    "StreamPublicKey",
    "StreamSigner",
    "StreamUrls",
    "_error_examples",
    "all_error_codes",
    "build_blurhash_url",
    "build_serve_url",
    "evaluate_access_rules",
    "export_stream_key",
    "generate_key_id",
    "generate_secret",
    "generate_stream_key",
    "jwt_decode",
    "jwt_encode",
    "parse_set_visibility_response",
    "parse_size",
    "sign_images_url",
    "sign_images_url_debug",
    "sign_serve_token",
    "sign_upload_token",
    "verify_images_url",
    "verify_serve_token",
    "verify_stream_token",
    "verify_upload_token",
]
MAX_SERVE_TTL_SEC: int

@final
class AuraImage:
    def __new__(cls, secret_key: str, project_name: str, serve_secret: Optional[str] = None, cdn_url: Optional[str] = None) -> AuraImage: ...
    @property
    def project_name(self) -> str: ...
    @property
    def cdn_url(self) -> Optional[str]: ...
    def sign_upload(
        self,
        now: int,
        max_size: Optional[Union[str, _Number]] = None,
        allowed_types: Optional[List[str]] = None,
        expires_in: Optional[_Number] = None,
        project_name: Optional[str] = None,
        visibility: Optional[str] = None,
        name: Optional[str] = None,
        overwrite: Optional[bool] = None,
    ) -> str: ...
    def get_signed_url(self, name: str, now: int, expires_in: Optional[_Number] = None, cdn_url: Optional[str] = None) -> str: ...
    def get_signed_urls(self, names: Sequence[str], now: int, expires_in: Optional[_Number] = None, cdn_url: Optional[str] = None) -> List[str]: ...
    def set_visibility_request(self, name: str, visibility: str, now: int) -> Tuple[str, str, List[Tuple[str, str]], str]: ...
    def set_visibility_exchange(self, name: str, visibility: str, now: int) -> Exchange: ...
    def upload_exchange(
        self,
        file: bytes,
        filename: str,
        content_type: str,
        now: int,
        boundary: str,
        max_size: Optional[Union[str, _Number]] = None,
        allowed_types: Optional[List[str]] = None,
        expires_in: Optional[_Number] = None,
        project_name: Optional[str] = None,
        visibility: Optional[str] = None,
        name: Optional[str] = None,
        overwrite: Optional[bool] = None,
    ) -> Exchange: ...
    def upload_from_url_exchange(
        self,
        url: str,
        now: int,
        boundary: str,
        name: Optional[str] = None,
        max_size: Optional[Union[str, _Number]] = None,
        visibility: Optional[str] = None,
        overwrite: Optional[bool] = None,
        timeout_ms: Optional[_Number] = None,
    ) -> Exchange: ...

@final
class Outgoing:
    @property
    def method(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def headers(self) -> List[Tuple[str, str]]: ...
    @property
    def body(self) -> bytes: ...
    @property
    def delay_ms(self) -> int: ...
    @property
    def timeout_ms(self) -> Optional[int]: ...

@final
class Done:
    @property
    def kind(self) -> str: ...
    @property
    def answer(self) -> Any: ...

@final
class Exchange:
    def start(self) -> Union[Outgoing, Done]: ...
    def receive(self, status: int, headers: Sequence[Tuple[str, str]], body: bytes, now: int, jitter: float) -> Union[Outgoing, Done]: ...
    def fail(self, failure: str, message: str, now: int, jitter: float) -> Union[Outgoing, Done]: ...

@final
class CloudflareAuth:
    @staticmethod
    def api_token(token: str) -> CloudflareAuth: ...
    @staticmethod
    def legacy(email: str, api_key: str) -> CloudflareAuth: ...
    @staticmethod
    def from_env_values(api_token: Optional[str], email: Optional[str], api_key: Optional[str]) -> CloudflareAuth: ...
    @property
    def scheme(self) -> str: ...

@final
class CloudflareApi:
    def __new__(cls, account_id: str, auth: CloudflareAuth, base_url: Optional[str] = None) -> CloudflareApi: ...
    @property
    def account_id(self) -> str: ...
    @property
    def base_url(self) -> str: ...
    @property
    def scheme(self) -> str: ...
    def list_images_keys(self) -> Exchange: ...
    def create_images_key(self, name: str) -> Exchange: ...
    def rotate_images_key(self, name: str) -> Exchange: ...
    def delete_images_key(self, name: str) -> Exchange: ...
    def ensure_signing_key(self, name: str, adopt: Optional[bool] = None, delete: Optional[bool] = None) -> Exchange: ...
    def remove_signing_key(self, name: str, adopt: Optional[bool] = None, delete: Optional[bool] = None) -> Exchange: ...
    def image_details(self, image_id: str) -> Exchange: ...
    def set_image_require_signed_urls(self, image_id: str, require: bool) -> Exchange: ...
    def create_stream_key(self) -> Exchange: ...
    def list_stream_keys(self) -> Exchange: ...
    def revoke_stream_key(self, key_id: str) -> Exchange: ...
    def video_details(self, uid: str) -> Exchange: ...
    def set_video_require_signed_urls(self, uid: str, require: bool) -> Exchange: ...
    def stream_token(
        self,
        uid: str,
        key_id: Optional[str] = None,
        pem: Optional[str] = None,
        exp: Optional[int] = None,
        nbf: Optional[int] = None,
        downloadable: Optional[bool] = None,
        access_rules: Optional[Sequence[Dict[str, Any]]] = None,
        original: Optional[bool] = None,
    ) -> Exchange: ...

def parse_size(value: Union[str, _Number]) -> int: ...
def parse_set_visibility_response(status: int, body: str) -> Optional[str]: ...
def build_serve_url(
    cdn_url: str,
    project: str,
    name: str,
    width: Optional[_Number] = None,
    height: Optional[_Number] = None,
    fit: Optional[str] = None,
    quality: Optional[_Number] = None,
    format: Optional[str] = None,
    lqip: bool = False,
    v: Optional[Union[str, _Number]] = None,
) -> str: ...
def build_blurhash_url(cdn_url: str, project: str, name: str, v: Optional[Union[str, _Number]] = None) -> str: ...
def sign_upload_token(payload: Any, secret: str) -> str: ...
def sign_serve_token(payload: Any, secret: str) -> str: ...
def verify_upload_token(token: str, secret: Union[str, Sequence[str], Callable[[str], Union[str, Sequence[str]]]], now: int) -> Dict[str, Any]: ...
def verify_serve_token(token: str, secret: Union[str, Sequence[str]], now: int, project: Optional[str] = None, name: Optional[str] = None) -> Dict[str, Any]: ...

@final
class ImagesSigner:
    def __new__(cls, key: str) -> ImagesSigner: ...
    def sign(self, url: str, expires_in: int, now: int, mode: str = "default") -> str: ...

def sign_images_url(url: str, key: str, expires_in: int, now: int, mode: str = "default") -> str: ...
def sign_images_url_debug(url: str, key: str, expires_in: int, now: int, mode: str = "default") -> Tuple[str, str]: ...
def verify_images_url(url: str, keys: Sequence[str], now: int) -> int: ...

@final
class StreamKey:
    @staticmethod
    def from_any(text: str, key_id: Optional[str] = None) -> StreamKey: ...
    @property
    def key_id(self) -> Optional[str]: ...
    @property
    def modulus_sha256(self) -> str: ...
    def public_key(self) -> StreamPublicKey: ...

@final
class StreamPublicKey:
    @staticmethod
    def from_any(text: str, key_id: Optional[str] = None) -> StreamPublicKey: ...
    @staticmethod
    def from_jwks(text: str) -> List[StreamPublicKey]: ...
    @property
    def key_id(self) -> Optional[str]: ...
    @property
    def modulus_sha256(self) -> str: ...

@final
class StreamSigner:
    def __new__(cls, key: Union[StreamKey, str], key_id: Optional[str] = None, style: str = "cloudflare") -> StreamSigner: ...
    @property
    def key_id(self) -> str: ...
    def sign(
        self,
        video_id: str,
        now: int,
        expires_in: Optional[int] = None,
        not_before: Optional[int] = None,
        access_rules: Optional[Sequence[Dict[str, Any]]] = None,
        downloadable: Optional[bool] = None,
        allow_long_lifetime: bool = False,
    ) -> str: ...
    def sign_many(
        self,
        video_ids: Sequence[str],
        now: int,
        expires_in: Optional[int] = None,
        not_before: Optional[int] = None,
        access_rules: Optional[Sequence[Dict[str, Any]]] = None,
        downloadable: Optional[bool] = None,
        allow_long_lifetime: bool = False,
    ) -> List[str]: ...

@final
class StreamUrls:
    def __new__(cls, customer_code: Optional[str] = None) -> StreamUrls: ...
    def iframe(self, token: str) -> str: ...
    def hls(self, token: str) -> str: ...
    def dash(self, token: str) -> str: ...
    def thumbnail(self, token: str, format: str = "jpg", time: Optional[str] = None, height: Optional[int] = None) -> str: ...
    def download_mp4(self, token: str) -> str: ...
    def download_audio(self, token: str) -> str: ...

def verify_stream_token(
    token: str,
    keys: Any,
    video_id: Optional[str],
    now: int,
    leeway: int = 0,
    purpose: str = "playback",
    viewer_ip: Optional[str] = None,
    viewer_country: Optional[str] = None,
    require_exp: bool = True,
) -> Dict[str, Any]: ...
def evaluate_access_rules(rules: Any, viewer_ip: Optional[str] = None, viewer_country: Optional[str] = None) -> Tuple[str, Optional[int]]: ...

@final
class JwtKey:
    @staticmethod
    def from_pem(text: str, kid: Optional[str] = None) -> JwtKey: ...
    @staticmethod
    def from_text(text: str, algorithm: str, kid: Optional[str] = None) -> JwtKey: ...
    @staticmethod
    def hmac(secret: str, kid: Optional[str] = None) -> JwtKey: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def kid(self) -> Optional[str]: ...

def jwt_encode(claims: Any, key: JwtKey, algorithm: str, headers: Optional[Dict[str, Any]] = None) -> str: ...
def jwt_decode(token: str, keys: Any, algorithms: Sequence[str], now: int, leeway: int = 0, require_exp: bool = False) -> Dict[str, Any]: ...
def generate_secret(kind: str = "secret_key") -> str: ...
def generate_key_id() -> str: ...
def generate_stream_key(key_id: Optional[str] = None) -> Tuple[str, str, str, StreamKey]: ...
def export_stream_key(key: StreamKey, key_id: str) -> Tuple[str, str]: ...

@final
class KeyRing:
    def __new__(cls) -> KeyRing: ...
    def add(self, id: str, key: Any, now: int) -> None: ...
    def rotate(self, id: str, key: Any, now: int) -> None: ...
    def retire(self, id: str) -> None: ...
    def revoke(self, id: str) -> None: ...
    def signing_key(self) -> Tuple[str, Any]: ...
    def verification_keys(self) -> List[Tuple[str, Any]]: ...
    def list(self) -> List[Tuple[str, str, int]]: ...

# ---- the six more CDNs ----

@final
class EdgeAuthSigner:
    def __new__(
        cls,
        key: str,
        algorithm: str = "sha256",
        style: str = "default",
        ip: Optional[str] = None,
        start_time: Optional[Union[int, str]] = None,
        end_time: Optional[int] = None,
        window_seconds: Optional[int] = None,
        session_id: Optional[str] = None,
        payload: Optional[str] = None,
        salt: Optional[str] = None,
        field_delimiter: str = "~",
        acl_delimiter: str = "!",
        escape_early: bool = False,
    ) -> EdgeAuthSigner: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def style(self) -> str: ...
    def url_token(self, url: str, now: int) -> Tuple[str, str, Optional[int], int]: ...
    def acl_token(self, acl: Sequence[str], now: int) -> Tuple[str, str, Optional[int], int]: ...

@final
class EdgeAuthVerifier:
    def __new__(
        cls,
        keys: Sequence[str],
        algorithm: str = "sha256",
        style: str = "default",
        salt: Optional[str] = None,
        field_delimiter: str = "~",
        acl_delimiter: str = "!",
        escape_early: bool = False,
    ) -> EdgeAuthVerifier: ...
    def verify_url(self, token: str, url: str, now: int, viewer_ip: Optional[str] = None) -> Dict[str, Any]: ...
    def verify_acl(self, token: str, path: str, now: int, viewer_ip: Optional[str] = None) -> Dict[str, Any]: ...

@final
class ImgixClient:
    def __new__(
        cls,
        domain: str,
        secure_url_token: Optional[str] = None,
        style: str = "js",
        use_https: bool = True,
        include_library_param: bool = False,
    ) -> ImgixClient: ...
    @property
    def style(self) -> str: ...
    def build_url(self, path: str, params: Optional[Dict[str, Any]] = None, disable_path_encoding: bool = False) -> str: ...
    def build_srcset(
        self,
        path: str,
        params: Optional[Dict[str, Any]] = None,
        disable_path_encoding: bool = False,
        widths: Optional[Sequence[int]] = None,
        min_width: Optional[int] = None,
        max_width: Optional[int] = None,
        width_tolerance: Optional[_Number] = None,
        device_pixel_ratios: Optional[Sequence[_Number]] = None,
        variable_qualities: Optional[Dict[int, int]] = None,
        disable_variable_quality: bool = False,
    ) -> str: ...

@final
class ImgixVerifier:
    def __new__(cls, tokens: Sequence[str]) -> ImgixVerifier: ...
    def verify(self, url: str, now: int) -> Tuple[str, Optional[int]]: ...

@final
class BunnySigner:
    def __new__(cls, security_key: str) -> BunnySigner: ...
    def sign(
        self,
        url: str,
        now: int,
        style: str = "default",
        expiration_time: int = 86400,
        expires_at: Optional[int] = None,
        user_ip: Optional[str] = None,
        directory: Optional[bool] = None,
        path_allowed: Optional[str] = None,
        countries_allowed: Optional[str] = None,
        countries_blocked: Optional[str] = None,
        ignore_params: bool = False,
        speed_limit: int = 0,
    ) -> Tuple[str, str, int, str, str]: ...

@final
class BunnyVerifier:
    def __new__(cls, keys: Sequence[str]) -> BunnyVerifier: ...
    def verify(self, url: str, now: int, viewer_ip: Optional[str] = None, viewer_country: Optional[str] = None) -> Dict[str, Any]: ...

@final
class CloudFrontKey:
    @staticmethod
    def from_pem(pem: str, key_pair_id: str, hash_algorithm: str = "SHA1") -> CloudFrontKey: ...
    @property
    def key_pair_id(self) -> str: ...
    @property
    def hash_algorithm(self) -> str: ...
    @property
    def modulus_sha256(self) -> str: ...
    def public_key(self) -> CloudFrontPublicKey: ...

@final
class CloudFrontPublicKey:
    @staticmethod
    def from_pem(pem: str, key_pair_id: str) -> CloudFrontPublicKey: ...
    @property
    def key_pair_id(self) -> str: ...
    @property
    def modulus_sha256(self) -> str: ...

@final
class CloudFrontSigner:
    def __new__(cls, key: CloudFrontKey, style: str = "default") -> CloudFrontSigner: ...
    @property
    def style(self) -> str: ...
    @property
    def key_pair_id(self) -> str: ...
    def sign_url(
        self, url: str, now: int, date_less_than: int, date_greater_than: Optional[int] = None, ip_address: Optional[str] = None
    ) -> Tuple[str, str, str, bool]: ...
    def sign_url_with_policy(self, url: Optional[str], policy: str, now: int) -> Tuple[str, str, str, bool]: ...
    def sign_cookies(
        self, url: str, now: int, date_less_than: int, date_greater_than: Optional[int] = None, ip_address: Optional[str] = None
    ) -> Tuple[List[Tuple[str, str]], str]: ...
    def sign_cookies_with_policy(self, policy: str, now: int) -> Tuple[List[Tuple[str, str]], str]: ...

@final
class CloudFrontVerifier:
    def __new__(cls, keys: Sequence[CloudFrontPublicKey]) -> CloudFrontVerifier: ...
    def verify_url(self, url: str, now: int, client_ip: Optional[str] = None, allow_sha1: bool = True) -> Dict[str, Any]: ...
    def verify_cookies(
        self, url: str, cookies: Sequence[Tuple[str, str]], now: int, client_ip: Optional[str] = None, allow_sha1: bool = True
    ) -> Dict[str, Any]: ...

def all_error_codes() -> List[str]: ...
def _error_examples() -> List[Any]: ...
