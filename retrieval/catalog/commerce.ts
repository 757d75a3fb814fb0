/**
 * SYNTHESIZED commerce fields. The real catalog has no price, sizes or stock, so they are derived
 * deterministically from the product id (a hash, no randomness): the same id always gets the
 * same price, sizes and stock, on every machine. They are plausible, not real.
 */

export const APPAREL_SIZES = ["XS", "S", "M", "L", "XL", "XXL"] as const;
export const FOOTWEAR_SIZES = ["5", "6", "7", "8", "9", "10", "11", "12"] as const;
export const FREE_SIZE = "Free Size";
export const ALL_SIZES: readonly string[] = [...APPAREL_SIZES, ...FOOTWEAR_SIZES, FREE_SIZE];

/** Units in stock per size, e.g. { M: 20, L: 0 }; a map so queries can say "stock.M >= 2". */
export type StockBySize = Record<string, number>;

export interface Commerce {
  price: number;
  sizes: string[];
  stock: StockBySize;
  totalStock: number;
  /** The most units any one size has: "is there a size with >= q units" without $elemMatch. */
  maxStock: number;
}

/** The most units any one size has (0 for an empty map): maxStock after a change of stock. */
export function maxStockOf(stock: StockBySize): number {
  return Math.max(0, ...Object.values(stock));
}

/** Price ranges in USD per article type; unlisted types use their master category's range. */
const PRICE_RANGES: Record<string, [number, number]> = {
  Tshirts: [9, 45], Shirts: [19, 79], Jeans: [29, 99], Trousers: [25, 89], Shorts: [12, 45], Kurtas: [19, 89],
  Tops: [12, 55], Dresses: [25, 140], Jackets: [45, 220], Sweaters: [29, 119], Sweatshirts: [25, 89],
  "Track Pants": [19, 69], Sarees: [35, 260], Briefs: [6, 24], Bra: [12, 49], Leggings: [9, 35],
  "Casual Shoes": [35, 140], "Sports Shoes": [45, 180], "Formal Shoes": [49, 190], Heels: [35, 150],
  "Flip Flops": [8, 39], Sandals: [19, 79], Flats: [19, 69], Watches: [39, 420], Handbags: [29, 240],
  Sunglasses: [19, 210], Wallets: [15, 85], Belts: [12, 59], Backpacks: [25, 120], Socks: [4, 18],
  "Perfume and Body Mist": [19, 120], Deodorant: [4, 15], "Nail Polish": [3, 15], Lipstick: [6, 32],
  Earrings: [9, 89], Caps: [9, 35], Ties: [12, 49], Clutches: [19, 95],
};
const CATEGORY_RANGES: Record<string, [number, number]> = {
  Apparel: [15, 90], Footwear: [25, 150], Accessories: [9, 120], "Personal Care": [4, 45],
  "Free Items": [0, 0], "Sporting Goods": [9, 80], Home: [12, 60],
};

/** Apparel types sold in one size. */
const FREE_SIZE_APPAREL = new Set(["Sarees", "Dupatta", "Stoles", "Shapewear"]);

/** splitmix32-style integer hash: cheap, well mixed, stable across platforms. */
export function hash32(n: number, salt: number): number {
  let x = (Math.imul(n, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97) >>> 0;
  return (x ^ (x >>> 15)) >>> 0;
}

/** A deterministic fraction in [0, 1) for (id, salt). */
const unit = (id: number, salt: number): number => hash32(id, salt) / 2 ** 32;

export function sizeFamily(masterCategory: string, articleType: string): readonly string[] {
  if (masterCategory === "Apparel" && !FREE_SIZE_APPAREL.has(articleType)) return APPAREL_SIZES;
  if (masterCategory === "Footwear") return FOOTWEAR_SIZES;
  return [FREE_SIZE];
}

export function synthesizeCommerce(id: number, masterCategory: string, articleType: string): Commerce {
  const [lo, hi] = PRICE_RANGES[articleType] ?? CATEGORY_RANGES[masterCategory] ?? [10, 80];
  // Whole-dollar steps ending in .99 (or 0 for free items).
  const price = hi === 0 ? 0 : Math.floor(lo + unit(id, 1) * (hi - lo + 1)) - 0.01;
  const family = sizeFamily(masterCategory, articleType);
  let sizes: string[];
  if (family.length === 1) sizes = [...family];
  else {
    const span = Math.min(family.length, 3 + Math.floor(unit(id, 2) * (family.length - 2)));
    const start = Math.floor(unit(id, 3) * (family.length - span + 1));
    sizes = family.slice(start, start + span);
  }
  // About 3% of products are sold out; otherwise each size has 0-25 units, ~10% of sizes at 0.
  const soldOut = unit(id, 4) < 0.03;
  const qty = sizes.map((_, i) => (soldOut || unit(id, 10 + i) < 0.1 ? 0 : 1 + Math.floor(unit(id, 30 + i) * 25)));
  return {
    price: Math.max(0, Math.round(price * 100) / 100),
    sizes,
    stock: Object.fromEntries(sizes.map((size, i) => [size, qty[i]!])),
    totalStock: qty.reduce((a, b) => a + b, 0),
    maxStock: Math.max(...qty),
  };
}
