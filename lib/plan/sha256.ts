// SHA-256 (FIPS 180-4) in plain TypeScript: lib/plan runs in the browser and on the server and may not
// import node:crypto; WebCrypto is async-only.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

// Scratch state reused by every call (hashing is synchronous, so calls never interleave).
const W = new Int32Array(64);
const H = new Int32Array(8);
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const encoder = new TextEncoder();

// One input buffer, grown as needed and reused: a fresh 300 KB buffer per hash is memory outside the
// JavaScript heap, and allocating it on every plan build made the garbage collector run far more often.
// Texts beyond what any plan hashes get a buffer of their own, so the kept one stays small.
let scratch = new Uint8Array(64 * 1024);
const SCRATCH_MAX = 8 * 1024 * 1024;

/** Hex SHA-256 of the UTF-8 encoding of `text`. */
export function sha256Hex(text: string): string {
  // Room for the 0x80 byte and the 64-bit length too. UTF-8 takes at most 3 bytes per UTF-16 unit.
  const room = ((text.length * 3 + 72 + 63) >> 6) << 6;
  if (scratch.length < room && room <= SCRATCH_MAX) scratch = new Uint8Array(room);
  const m = scratch.length >= room ? scratch : new Uint8Array(room);
  const length = encoder.encodeInto(text, m).written;
  const total = ((length + 9 + 63) >> 6) << 6;
  m.fill(0, length, total);
  m[length] = 0x80;
  const hi = Math.floor((length * 8) / 0x100000000);
  const lo = (length * 8) >>> 0;
  for (let i = 0; i < 4; i++) {
    m[total - 8 + i] = hi >>> (24 - 8 * i);
    m[total - 4 + i] = lo >>> (24 - 8 * i);
  }
  H.set(IV);
  compress(m, total);
  let out = "";
  for (let i = 0; i < 8; i++) out += (H[i]! >>> 0).toString(16).padStart(8, "0");
  return out;
}

// The block loop lives in its own small function: V8 optimizes it as a whole, where the same loop inlined
// in sha256Hex ran about three times slower (a 1000-rule plan hashes a few hundred kilobytes per build).
// Signed 32-bit arithmetic (`| 0`) in local variables keeps the state in registers.
function compress(m: Uint8Array, total: number): void {
  const w = W;
  let h0 = H[0]!,
    h1 = H[1]!,
    h2 = H[2]!,
    h3 = H[3]!,
    h4 = H[4]!,
    h5 = H[5]!,
    h6 = H[6]!,
    h7 = H[7]!;
  for (let offset = 0; offset < total; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + (i << 2);
      w[i] = (m[j]! << 24) | (m[j + 1]! << 16) | (m[j + 2]! << 8) | m[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!,
        y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4,
      f = h5,
      g = h6,
      h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  H[0] = h0;
  H[1] = h1;
  H[2] = h2;
  H[3] = h3;
  H[4] = h4;
  H[5] = h5;
  H[6] = h6;
  H[7] = h7;
}
