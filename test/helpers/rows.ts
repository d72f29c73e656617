// Small row builders for hand-made scenarios (fixture field names).
export function order(
  id: string,
  customer: string,
  owner: string,
  bookedAt: string,
  revenue: string,
  more: Record<string, unknown> = {},
) {
  return {
    externalId: id,
    customerExternalId: customer,
    ownerExternalId: owner,
    bookedAt,
    revenue,
    cost: "0",
    status: "completed",
    ...more,
  };
}

export const pay = (id: string, orderId: string, paidAt: string, amount: string) => ({
  externalId: id,
  orderExternalId: orderId,
  paidAt,
  amount,
});
