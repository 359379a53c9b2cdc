import { test, assert, newMockEvent } from "matchstick-as/assembly/index";
import { handleTrap, handleBadEntity } from "../src/mapping";
import { Transfer } from "../generated/ERC20";

test("handler that traps fails the test", () => {
  handleTrap(changetype<Transfer>(newMockEvent()));
});

test("missing required field fails the test", () => {
  handleBadEntity(changetype<Transfer>(newMockEvent()));
});

test("still runs after a trap", () => {
  assert.i32Equals(2, 1 + 1);
});
