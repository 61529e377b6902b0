/**
 * How the client treats each Flash `responseCode`: the class table of
 * shared/reference/flash-api-notes.md, plus every documented code from flash-response-codes.tsv
 * (211 single codes and one row of "unavailable" ranges: 240 codes).
 *
 * Only documented codes can be `declined`: a code Flash never documented may mean anything, so it is
 * `ambiguous` (outcome unknown, reconcile with the same reference, never a new one).
 */
export type FlashCodeClass =
  | 'resubmit'
  | 'throttled'
  | 'unavailable'
  | 'auth'
  | 'ambiguous'
  | 'mismatch'
  | 'declined';

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let code = from; code <= to; code++) out.push(code);
  return out;
}

export const RESUBMIT_CODES: readonly number[] = [2210, 2211, 2220, 2331, 2378, 2661, 2771, 2318, 2319];
export const THROTTLED_CODES: readonly number[] = [2373, 2377];
export const UNAVAILABLE_CODES: readonly number[] = [
  2001,
  ...range(2225, 2228),
  ...range(2234, 2247),
  ...range(2250, 2252),
  2254,
  2255,
  ...range(2262, 2266),
];
export const AUTH_CODES: readonly number[] = [2232, 2233, ...range(3700, 3711)];
export const AMBIGUOUS_CODES: readonly number[] = [
  2222, 2201, 2359, 2372, 2400, 2600, 2601, 2660, 2662, 2663, 2700, 2701, 2770, 2772, 2773,
];
export const MISMATCH_CODE = 2256;

/** Every code in flash-response-codes.tsv (ranges expanded). */
export const DOCUMENTED_CODES: readonly number[] = [
  1033, 2003, 2101, 2102, 2103, 2104, 2105, 2200, 2201, 2202, 2203, 2204, 2205, 2206, 2207, 2209, 2210, 2211,
  2212, 2213, 2220, 2222, 2223, 2224, 2229, 2230, 2231, 2232, 2233, 2248, 2249, 2253, 2256, 2257, 2258, 2259,
  2260, 2261, 2267, 2268, 2269, 2270, 2271, 2272, 2273, 2274, 2275, 2276, 2277, 2278, 2279, 2280, 2281, 2282,
  2283, 2284, 2285, 2300, 2301, 2302, 2303, 2304, 2305, 2306, 2307, 2308, 2309, 2310, 2311, 2312, 2313, 2314,
  2315, 2316, 2318, 2319, 2320, 2321, 2322, 2323, 2324, 2325, 2326, 2327, 2328, 2329, 2330, 2331, 2332, 2333,
  2334, 2335, 2336, 2337, 2338, 2339, 2340, 2341, 2342, 2343, 2344, 2345, 2346, 2347, 2348, 2349, 2350, 2351,
  2352, 2353, 2354, 2355, 2356, 2357, 2358, 2359, 2360, 2361, 2362, 2363, 2364, 2365, 2366, 2367, 2368, 2369,
  2370, 2371, 2372, 2373, 2376, 2377, 2378, 2400, 2401, 2402, 2403, 2405, 2406, 2408, 2409, 2410, 2412, 2413,
  2414, 2500, 2501, 2600, 2601, 2602, 2603, 2604, 2611, 2612, 2613, 2614, 2615, 2616, 2617, 2618, 2630, 2632,
  2633, 2641, 2660, 2661, 2662, 2663, 2664, 2670, 2671, 2672, 2673, 2674, 2675, 2676, 2677, 2680, 2681, 2700,
  2701, 2702, 2703, 2704, 2770, 2771, 2772, 2773, 2774, 2781, 3300, 3301, 3302, 3303, 3304, 3305, 3306, 3307,
  3308, 3309, 3310, 3311, 3312, 3313, 3315, 3700, 3701, 3702, 3703, 3704, 3711, 2001, 2225, 2226, 2227, 2228,
  2234, 2235, 2236, 2237, 2238, 2239, 2240, 2241, 2242, 2243, 2244, 2245, 2246, 2247, 2250, 2251, 2252, 2254,
  2255, 2262, 2263, 2264, 2265, 2266,
];

// Built once at load: a lookup per response stays a single Map.get on the hot path.
const CLASS_BY_CODE = new Map<number, FlashCodeClass>();
for (const code of DOCUMENTED_CODES) CLASS_BY_CODE.set(code, 'declined');
for (const code of RESUBMIT_CODES) CLASS_BY_CODE.set(code, 'resubmit');
for (const code of THROTTLED_CODES) CLASS_BY_CODE.set(code, 'throttled');
for (const code of UNAVAILABLE_CODES) CLASS_BY_CODE.set(code, 'unavailable');
for (const code of AUTH_CODES) CLASS_BY_CODE.set(code, 'auth');
for (const code of AMBIGUOUS_CODES) CLASS_BY_CODE.set(code, 'ambiguous');
CLASS_BY_CODE.set(MISMATCH_CODE, 'mismatch');

/** The class of a non-zero response code; undocumented codes are `ambiguous`. */
export function classOfCode(code: number): FlashCodeClass {
  return CLASS_BY_CODE.get(code) ?? 'ambiguous';
}
