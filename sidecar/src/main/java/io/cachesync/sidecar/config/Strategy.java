package io.cachesync.sidecar.config;

/** How a cache meets its store of record; the table in DESIGN.md is the contract. */
public enum Strategy {
  LookAside,
  ReadThrough,
  WriteThrough,
  WriteBehind,
  WriteAround
}
