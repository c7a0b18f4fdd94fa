export default async function stopDynamoDbLocal() {
  await globalThis.dynamoDbLocal?.close();
}
