import { describe, expect, it } from 'vitest';
import { LARGE_PREMISES_FLOOR_AREA } from '../../../mocks/fire-rescue/inspection.ts';
import { assessSignboard } from '../../../mocks/urban-management/signboards.ts';
import { restaurantInput } from './restaurant.ts';

type Premises = { divisionCode: string; detail: string; floorArea: number };
type Signboard = { text: string; width: number; height: number; frontageWidth: number };

describe('the restaurants the errand benchmark opens', () => {
  it('gives every run a name and premises of its own, so no run answers an earlier application', () => {
    const inputs = Array.from({ length: 500 }, (_, i) => restaurantInput(i + 1));
    expect(new Set(inputs.map((input) => input.name)).size).toBe(500);
    const premises = inputs.map((input) => (input.premises as Premises).detail);
    expect(new Set(premises).size).toBe(500);
  });

  it('opens restaurants that complete at once: small premises, an allowed signboard, a valid name', () => {
    for (const run of [1, 9, 10, 123, 4567]) {
      const input = restaurantInput(run);
      const premises = input.premises as Premises;
      // Under the line, fire rescue takes the operator's commitment instead of booking an inspection.
      expect(premises.floorArea).toBeLessThanOrEqual(LARGE_PREMISES_FLOOR_AREA);
      expect(premises.divisionCode).toMatch(/^500\d{3}$/);
      expect(assessSignboard(input.signboard as Signboard)).toEqual({ allowed: true, violations: [] });
      // openRestaurant's own input rules: 4–50 characters with Chinese in it.
      expect([...input.name].length).toBeGreaterThanOrEqual(4);
      expect([...input.name].length).toBeLessThanOrEqual(50);
      expect(input.name).toMatch(/\p{Script=Han}/u);
    }
  });

  it('refuses a run number that is not a whole number from 1', () => {
    expect(() => restaurantInput(0)).toThrow(/whole number of at least 1, got 0/);
  });
});
