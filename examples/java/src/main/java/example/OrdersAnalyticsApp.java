package example;

import io.github.cdk_dynamodb_zero_etl.DynamoDbZeroEtlToS3Tables;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.iam.PolicyDocument;

/** The example app in Java: the orders and customers tables replicated into one table bucket. Argument: OUTDIR. */
public final class OrdersAnalyticsApp {
  private OrdersAnalyticsApp() {
  }

  private static TableV2 table(Stack stack, String name, String partitionKey, String sortKey) {
    TableV2.Builder builder = TableV2.Builder.create(stack, name)
        // Lowercase names: Glue derives the Iceberg table and column names from them (see README, Querying).
        .tableName(name.toLowerCase(java.util.Locale.ROOT))
        .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build())
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
        .removalPolicy(RemovalPolicy.RETAIN)
        // Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
        .resourcePolicy(new PolicyDocument());
    if (sortKey != null) {
      builder.sortKey(Attribute.builder().name(sortKey).type(AttributeType.STRING).build());
    }
    return builder.build();
  }

  public static void main(String[] args) {
    App app = new App(AppProps.builder().outdir(args[0]).build());
    Stack stack = new Stack(app, "OrdersAnalytics", StackProps.builder()
        .env(Environment.builder().account("111122223333").region("us-east-1").build())
        .build());
    TableV2 orders = table(stack, "Orders", "order_id", "created_at");
    TableV2 customers = table(stack, "Customers", "customer_id", null);

    DynamoDbZeroEtlToS3Tables analytics = DynamoDbZeroEtlToS3Tables.Builder.create(stack, "OrdersToS3Tables")
        .table(orders)
        .tableBucketName("orders-analytics")
        .build();
    analytics.addTable(customers);

    app.synth();
  }
}
