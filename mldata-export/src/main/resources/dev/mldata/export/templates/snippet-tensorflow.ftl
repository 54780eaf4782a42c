from tensorflow_dataset import make_dataset
ds = make_dataset().shuffle(10_000).batch(64).prefetch(2)
