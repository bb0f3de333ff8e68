#!/usr/bin/env bash
# Builds AuraSignFFI.xcframework for Apple platforms. Run on macOS with Xcode
# and the Rust targets installed (documented; not run in CI, which has no
# Swift toolchain):
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin
set -euo pipefail
cd "$(dirname "$0")/.."
for t in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin; do
  cargo build --release -p aura-sign-uniffi --target "$t"
done
mkdir -p target/apple
lipo -create target/aarch64-apple-ios-sim/release/libaura_sign.a target/x86_64-apple-ios/release/libaura_sign.a -output target/apple/libaura_sign-ios-sim.a
lipo -create target/aarch64-apple-darwin/release/libaura_sign.a target/x86_64-apple-darwin/release/libaura_sign.a -output target/apple/libaura_sign-macos.a
rm -rf swift/AuraSignFFI.xcframework
xcodebuild -create-xcframework \
  -library target/aarch64-apple-ios/release/libaura_sign.a -headers swift/Sources/AuraSignFFI/include \
  -library target/apple/libaura_sign-ios-sim.a -headers swift/Sources/AuraSignFFI/include \
  -library target/apple/libaura_sign-macos.a -headers swift/Sources/AuraSignFFI/include \
  -output swift/AuraSignFFI.xcframework
