import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';

export async function dockerAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * The testcontainers path, for machines with a Docker engine and no Java. Kafka's advertised listener
 * must name the port the host sees, so the container binds the same fixed port on both sides.
 */
export async function startDockerServers(kafkaPort: number): Promise<{
  kafkaBrokers: string;
  dynamodbEndpoint: string;
  stop: () => Promise<void>;
}> {
  const kafka: StartedTestContainer = await new GenericContainer('apache/kafka:3.9.1')
    .withExposedPorts({ container: kafkaPort, host: kafkaPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${kafkaPort},CONTROLLER://localhost:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .start();
  const dynamodb = await new GenericContainer('amazon/dynamodb-local:latest')
    .withCommand(['-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb', '-disableTelemetry'])
    .withExposedPorts(8000)
    .start();
  return {
    kafkaBrokers: `127.0.0.1:${kafkaPort}`,
    dynamodbEndpoint: `http://${dynamodb.getHost()}:${dynamodb.getMappedPort(8000)}`,
    stop: async () => {
      await Promise.all([kafka.stop(), dynamodb.stop()]);
    },
  };
}
