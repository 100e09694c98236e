/**
 * Address ranges (CIDRs, IPv4 and IPv6) as the config writes them and the
 * providers receive them: one parser, the checks the schema makes, and
 * whether one range lies inside another. node:net does the address work
 * (isIP, BlockList), so no hand-written address arithmetic decides reach.
 */
import { BlockList, isIP, SocketAddress } from "node:net";

export interface Cidr {
    readonly address: string;
    readonly bits: number;
    readonly family: "ipv4" | "ipv6";
}

/** "203.0.113.0/24" parsed; undefined for anything else (a bare address included: say /32 or /128). */
export function parseCidr(value: string): Cidr | undefined {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
    const family = m ? isIP(m[1]!) : 0;
    if (!m || family === 0) return undefined;
    const bits = Number(m[2]);
    if (bits > (family === 4 ? 32 : 128)) return undefined;
    return { address: m[1]!, bits, family: family === 4 ? "ipv4" : "ipv6" };
}

/** An IPv4/IPv6 CIDR such as "203.0.113.0/24" (a bare address is refused: say /32 or /128). */
export function isCidr(value: string): boolean {
    return parseCidr(value) !== undefined;
}

/** A range of every address of its family: 0.0.0.0/0, ::/0 (or any /0). */
export function isAnyAddress(value: string): boolean {
    return parseCidr(value)?.bits === 0;
}

/** The network address of a CIDR ("192.0.2.0/24" for "192.0.2.7/24"), as node:net writes it. */
export function networkOf(c: Cidr): string {
    const bytes = addressBytes(c);
    for (let i = 0; i < bytes.length; i++) {
        const keep = Math.max(0, Math.min(8, c.bits - i * 8));
        bytes[i]! &= (0xff << (8 - keep)) & 0xff;
    }
    return c.family === "ipv4" ? bytes.join(".") : compactIpv6(bytes);
}

function addressBytes(c: Cidr): number[] {
    if (c.family === "ipv4") return c.address.split(".").map(Number);
    // SocketAddress normalises the text (zeros, ::, an embedded IPv4 tail); expand it to 16 bytes.
    const text = new SocketAddress({ address: c.address, family: "ipv6" }).address.replace(
        /(\d+)\.(\d+)\.(\d+)\.(\d+)$/,
        (_m, a: string, b: string, d: string, e: string) => `${((+a << 8) | +b).toString(16)}:${((+d << 8) | +e).toString(16)}`,
    );
    const [head = "", tail = ""] = text.split("::");
    const groups = (s: string) => (s === "" ? [] : s.split(":"));
    const h = groups(head);
    const t = text.includes("::") ? groups(tail) : [];
    const all = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
    return all.flatMap((g) => {
        const n = parseInt(g, 16);
        return [n >> 8, n & 0xff];
    });
}

function compactIpv6(bytes: readonly number[]): string {
    const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(":");
    return new SocketAddress({ address: groups, family: "ipv6" }).address;
}

/** Why a CIDR has host bits set ("192.0.2.7/24" means 192.0.2.0/24); undefined when it is a network address. */
export function hostBitsProblem(value: string): string | undefined {
    const c = parseCidr(value);
    if (c === undefined) return undefined;
    const network = networkOf(c);
    const same = new BlockList();
    same.addAddress(network, c.family);
    if (same.check(c.address, c.family)) return undefined;
    return `"${value}" has bits set below its /${c.bits}: write the network, "${network}/${c.bits}"`;
}

/** Every address of the range `inner` is in the range `outer` (CIDRs; a bare address is a range of one). */
export function cidrCovered(inner: string, outer: string): boolean {
    const single = (v: string) => (v.includes("/") ? v : `${v}/${isIP(v) === 6 ? 128 : 32}`);
    const i = parseCidr(single(inner));
    const o = parseCidr(single(outer));
    if (!i || !o || i.family !== o.family || i.bits < o.bits) return false;
    const range = new BlockList();
    range.addSubnet(o.address, o.bits, o.family);
    return range.check(i.address, i.family);
}

/** Whether `address` (a bare IPv4 or IPv6 address) lies in one of `cidrs`. */
export function addressIn(address: string, cidrs: readonly string[]): boolean {
    return isIP(address) !== 0 && cidrs.some((c) => cidrCovered(address, c));
}
