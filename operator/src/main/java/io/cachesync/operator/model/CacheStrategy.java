package io.cachesync.operator.model;

/** How a cache meets its store of record (DESIGN.md, Strategies). */
public enum CacheStrategy {
  LookAside,
  ReadThrough,
  WriteThrough,
  WriteBehind,
  WriteAround
}
