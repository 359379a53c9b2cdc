// Oracle price observations → hourly log returns on a grid that ends at the book's block. The
// observations are what the protocol saw (AaveOracle prices: PricePoint entities in the API,
// feed AnswerUpdated logs in the backtest), so both paths hand the predictor the same shape.
// A price holds until the next observation (feeds publish on deviation or heartbeat, not hourly).

/** Oracle prices per market index of the book: [unix seconds, price] pairs, any order. */
export interface PriceObservations {
  series: Map<number, Array<[number, number]>>;
}

/** Hourly log returns, hour-major: `returns[t * markets + m]`, t = 0 is the oldest hour. */
export interface HourlyReturns {
  hours: number;
  markets: number;
  returns: Float64Array;
  /** hourly returns observed per market (hours after its first observation) */
  observedHours: Int32Array;
}

/** Returns of the `maxHours` hours (at most) that end at `endTime`, for `markets` markets. */
export function hourlyReturns(
  obs: PriceObservations,
  markets: number,
  endTime: number,
  maxHours: number,
): HourlyReturns {
  let first = Infinity;
  const sorted: Array<Array<[number, number]>> = [];
  for (let m = 0; m < markets; m++) {
    const s = (obs.series.get(m) ?? [])
      .filter(([t, p]) => t <= endTime && p > 0 && Number.isFinite(p))
      .sort((a, b) => a[0] - b[0]);
    sorted.push(s);
    if (s.length) first = Math.min(first, s[0][0]);
  }
  const span = first === Infinity ? 0 : Math.floor((endTime - first) / 3600);
  const hours = Math.max(0, Math.min(maxHours, span));
  const returns = new Float64Array(hours * markets);
  const observedHours = new Int32Array(markets);
  for (let m = 0; m < markets; m++) {
    const s = sorted[m];
    let k = 0,
      last = NaN;
    const priceAt = (t: number) => {
      while (k < s.length && s[k][0] <= t) last = s[k++][1];
      return last;
    };
    // grid points endTime − hours·3600 … endTime; a return needs a price at both ends
    let previous = priceAt(endTime - hours * 3600);
    for (let t = 0; t < hours; t++) {
      const p = priceAt(endTime - (hours - t - 1) * 3600);
      if (previous > 0 && p > 0) {
        returns[t * markets + m] = Math.log(p / previous);
        observedHours[m]++;
      }
      previous = p;
    }
  }
  return { hours, markets, returns, observedHours };
}
