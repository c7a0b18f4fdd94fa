// Runs before each test file of the "DynamoDB Local" project: startTestStore() then uses it.
if (!process.env.DYNAMODB_LOCAL_ENDPOINT) {
  throw new Error('DynamoDB Local was not started (globalSetup): refusing to run these tests on dynalite instead');
}
process.env.TEST_DYNAMODB_ENDPOINT = process.env.DYNAMODB_LOCAL_ENDPOINT;
